"""Step 5: the data, the model and the training all live on the device asked for.

The device set is cpu, cuda and mps; those this machine lacks are skipped with
a reason, and --device (DEVICE=) picks one. PyTorch's meta device (shapes
without data) is present everywhere, so placement is checked on it too: a
machine without a GPU still notices a device argument that is ignored.
"""

import math
from typing import ClassVar

import torch
from torch.overrides import TorchFunctionMode
from torch.utils._pytree import tree_leaves

from tests.harness.checks import TRUE_WEIGHTS, accepts, expect, learned_weights, seeded_net, trained_forum_style

# Two correct 30-epoch runs each land within 0.014 of [5, 3] (40 seeds on the CPU),
# so two devices that both train correctly differ by at most about 0.03.
MAX_WEIGHT_DISAGREEMENT = 0.1


def test_make_data_puts_the_data_on_the_device(kata, placement_device):
    """make_data(device=d) returns x and y on device d"""
    any_device = placement_device
    expect(
        accepts(kata.make_data, "device"),
        expected="make_data(sample_size=10_000, seed=None, device='cpu'): a device argument",
        seen="make_data takes no device argument",
        look="make_data's signature",
    )
    x, y = kata.make_data(sample_size=64, device=any_device)
    expect(
        x.device.type == any_device and y.device.type == any_device,
        expected=f"x and y on {any_device}",
        seen=f"x on {x.device}, y on {y.device}",
        look="where make_data creates or moves its tensors",
    )


def test_forward_computes_where_its_input_is(kata):
    """a model on the meta device maps meta inputs to meta outputs: forward makes no tensor elsewhere"""
    net = kata.Net(2, 1).to("meta")
    out = net(torch.empty(7, 2, device="meta"))
    expect(
        out.device.type == "meta" and tuple(out.shape) == (7,),
        expected="an output of shape (7,) on the input's device",
        seen=f"shape {tuple(out.shape)} on {out.device}",
        look="tensors that forward creates without device=...",
    )


def test_model_trains_where_its_data_is(kata, any_device):
    """a model moved with .to(d) trains on d, and its outputs come back on d"""
    x, y = kata.make_data(sample_size=300, device=any_device)
    net = seeded_net(kata, 0, any_device)
    losses = kata.train(net, x, y, epochs=2, batch_size=100, lr=0.01)
    places = {p.device.type for p in net.parameters()} | {net(x[:5]).device.type}
    expect(
        places == {any_device} and all(math.isfinite(loss) for loss in losses),
        expected=f"parameters and outputs on {any_device}, finite losses",
        seen=f"devices {sorted(places)}, losses {losses}",
        look="any .cpu(), .cuda() or new tensor in Net and train",
    )


class DeviceWatch(TorchFunctionMode):
    """Records, while training, every copy of a tensor to the host (.cpu(), .numpy()) and
    every floating-point tensor moved off the device asked for. Tensors built from plain
    Python numbers, and integer index tensors (a shuffling sampler's), are not copies."""

    HOST_COPIES: ClassVar = {"cpu", "numpy"}

    def __init__(self, device: str) -> None:
        super().__init__()
        self.device_type = torch.device(device).type
        self.strays: list[str] = []

    def __torch_function__(self, func, types, args=(), kwargs=None):
        result = func(*args, **(kwargs or {}))
        name = getattr(func, "__name__", str(func))
        inputs_here = any(
            isinstance(leaf, torch.Tensor) and leaf.device.type == self.device_type
            for leaf in tree_leaves((args, kwargs))
        )
        moved = any(
            isinstance(leaf, torch.Tensor) and leaf.is_floating_point() and leaf.device.type != self.device_type
            for leaf in tree_leaves(result)
        )
        if name in self.HOST_COPIES or (inputs_here and moved):
            self.strays.append(f".{name}()" if name in self.HOST_COPIES else f"{name} -> another device")
        return result


def test_training_stays_on_the_device(kata, any_device):
    """training on device d copies nothing to the host and moves no tensor off d (no hidden .cpu())"""
    x, y = kata.make_data(sample_size=300, device=any_device)
    net = seeded_net(kata, 0, any_device)
    with DeviceWatch(any_device) as watch:
        kata.train(net, x, y, epochs=1, batch_size=100, lr=0.01)
    expect(
        not watch.strays,
        expected=f"every tensor of the training to stay on {any_device}; losses read with .item()",
        seen=f"{len(watch.strays)} copies or moves, first: {sorted(set(watch.strays))[:3]}",
        look="any .cpu(), .numpy() or .to(...) inside train",
    )


def test_accelerator_agrees_with_cpu(kata, accelerator):
    """the same seed gives the same data on the accelerator and the CPU, and training agrees"""
    on_cpu = trained_forum_style(kata, 0, "cpu")
    on_accelerator = trained_forum_style(kata, 0, accelerator)
    expect(
        torch.equal(on_cpu[1], on_accelerator[1].cpu()) and torch.equal(on_cpu[2], on_accelerator[2].cpu()),
        expected="identical data for the same seed on every device",
        seen="the data differ: it is drawn differently on each device",
        look="make_data: draw on the CPU where the seed applies, then move",
    )
    weights_cpu = learned_weights(on_cpu[0], "cpu")
    weights_acc = learned_weights(on_accelerator[0], accelerator)
    gap = max(abs(a - b) for a, b in zip(weights_cpu, weights_acc, strict=True))
    expect(
        gap <= MAX_WEIGHT_DISAGREEMENT,
        expected=f"learned weights within {MAX_WEIGHT_DISAGREEMENT} of each other (both near {list(TRUE_WEIGHTS)})",
        seen=f"cpu {weights_cpu}, {accelerator} {weights_acc}",
        look="anything in train that behaves differently per device",
    )
