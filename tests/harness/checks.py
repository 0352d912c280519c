"""What the step tests share: contract adapters, the regression's ground truth, failures."""

import inspect
import math
from contextlib import contextmanager
from functools import cache

import numpy as np
import torch
from torch import nn
from torch.optim.optimizer import register_optimizer_step_post_hook

TRUE_WEIGHTS = (5.0, 3.0)

# The public contract: the only names the step tests use.
CONTRACT = {
    "Net": "Net(input_dim=2, output_dim=1): an nn.Module; net(x) maps (batch, 2) to (batch,)",
    "make_data": "make_data(sample_size=10_000, seed=None, device='cpu') -> (x, y): x (n, 2), y (n,), float32",
    "train": "train(net, x, y, epochs=30, batch_size=100, lr=0.01) -> list[float]: the mean loss of each epoch",
    "main": "main(): the forum's experiment",
    "train_sgd": "train_sgd(net, x, y, epochs=30, batch_size=100, lr=0.01) -> list[float]: the bonus, plain SGD",
}


class StepFailure(AssertionError):
    """A failed expectation, told as what was expected, what was seen, where to look."""

    def __init__(self, expected: str, seen: str, look: str) -> None:
        super().__init__(f"expected: {expected}\nseen:     {seen}\nlook at:  {look}")


def expect(condition: bool, *, expected: str, seen: str, look: str) -> None:
    __tracebackhide__ = True
    if not condition:
        raise StepFailure(expected, seen, look)


def describe_losses(losses) -> str:
    """The epoch losses in words: where NaN or infinity began, if anywhere."""
    bad = [i for i, loss in enumerate(losses) if not (isinstance(loss, float) and math.isfinite(loss))]
    if not bad:
        return f"{losses[0]:.4g} ... {losses[-1]:.4g}"
    first = bad[0]  # counted from 1 below, as the forum's printout does not
    before = f"; epoch {first} had {losses[first - 1]:.4g}" if first else ""
    return f"{losses[first]} from epoch {first + 1} of {len(losses)} on{before}"


def accepts(function, parameter: str) -> bool:
    return parameter in inspect.signature(function).parameters


def seeded_data(kata, seed: int, device: str = "cpu", sample_size: int = 10_000):
    """make_data for a given seed and device, before or after the steps that add both.

    Before `seed` exists the forum's global numpy generator is seeded instead;
    before `device` exists the data is moved afterwards.
    """
    kwargs = {"sample_size": sample_size}
    if accepts(kata.make_data, "seed"):
        kwargs["seed"] = seed
    else:
        np.random.seed(seed)
        torch.manual_seed(seed)
    if accepts(kata.make_data, "device"):
        kwargs["device"] = device
        return kata.make_data(**kwargs)
    x, y = kata.make_data(**kwargs)
    return x.to(device), y.to(device)


def small_data(make_data, sample_size: int = 500):
    """make_data as main() calls it, but with fewer samples: for tests of main()'s wiring."""

    def make_small_data(*args, **kwargs):
        kwargs.pop("sample_size", None)
        return make_data(sample_size, *args[1:], **kwargs)

    return make_small_data


def seeded_net(kata, seed: int, device: str = "cpu"):
    torch.manual_seed(seed)
    return kata.Net(2, 1).to(device)


def predictions(net, x) -> torch.Tensor:
    """net(x) as one value per row, whatever shape the model returns it in."""
    with torch.no_grad():
        pred = net(x)
    return pred.reshape(-1) if pred.numel() == len(x) else pred


def learned_weights(net, device: str = "cpu") -> list[float]:
    """The weights the model has learned, read from its outputs: f(e_i) - f(0)."""
    probe = torch.tensor([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]], device=device)
    out = predictions(net, probe)
    return (out[1:] - out[0]).tolist()


def full_data_mse(net, x, y) -> float:
    return torch.mean((predictions(net, x) - y) ** 2).item()


def least_squares_mse(x, y) -> float:
    """The best any linear model can do on this data, in closed form (float64)."""
    x64, y64 = x.double().cpu(), y.double().cpu().unsqueeze(1)
    solution = torch.linalg.lstsq(x64, y64).solution
    return torch.mean((x64 @ solution - y64) ** 2).item()


@contextmanager
def recorded_training(net):
    """Records what a training run does: the batch size of each forward pass that
    builds a graph (evaluation under no_grad is not training), and each optimizer
    step as (optimizer class, learning rate)."""
    batches, steps = [], []
    forward = net.forward

    def recording_forward(batch_x):
        if torch.is_grad_enabled():
            batches.append(len(batch_x))
        return forward(batch_x)

    def recording_step(optimizer, args, kwargs):
        steps.append((type(optimizer).__name__, optimizer.param_groups[0]["lr"]))

    net.forward = recording_forward  # an instance attribute: net(x) and net.forward(x) both come here
    handle = register_optimizer_step_post_hook(recording_step)
    try:
        yield batches, steps
    finally:
        handle.remove()
        del net.forward


def linear_layer_problems(net) -> list[str]:
    """Every nn.Linear whose weight is not the (out_features, in_features) it was built with."""
    return [
        f"{name}.weight of shape {tuple(layer.weight.shape)},"
        f" not ({layer.out_features}, {layer.in_features}) as nn.Linear({layer.in_features}, {layer.out_features})"
        for name, layer in net.named_modules()
        if isinstance(layer, nn.Linear) and tuple(layer.weight.shape) != (layer.out_features, layer.in_features)
    ]


@cache
def trained_forum_style(kata, seed: int, device: str = "cpu"):
    """One 30-epoch run with the forum's settings, shared by every test that reads it."""
    x, y = seeded_data(kata, seed, device)
    net = seeded_net(kata, seed, device)
    losses = kata.train(net, x, y, epochs=30, batch_size=100, lr=0.01)
    return net, x, y, losses
