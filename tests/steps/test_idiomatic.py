"""Step 6: reproducible data, the model called as a module, float32 said out loud."""

import numpy as np
import torch

from tests.harness.checks import accepts, expect, seeded_data, seeded_net


def test_a_seed_fixes_the_data(kata, device):
    """make_data(seed=s) gives the same data every time, whatever else used the random generators"""
    expect(
        accepts(kata.make_data, "seed"),
        expected="make_data(sample_size=10_000, seed=None, device='cpu'): a seed argument",
        seen="make_data takes no seed argument",
        look="make_data's signature",
    )
    np.random.seed(1)
    torch.manual_seed(1)
    first = kata.make_data(sample_size=50, seed=3, device=device)
    np.random.seed(2)
    torch.manual_seed(2)
    again = kata.make_data(sample_size=50, seed=3, device=device)
    other = kata.make_data(sample_size=50, seed=4, device=device)
    expect(
        all(torch.equal(a, b) for a, b in zip(first, again, strict=True)),
        expected="identical x and y from two calls with seed=3",
        seen="different data",
        look="which random generator make_data draws from, and how the seed reaches it",
    )
    expect(
        not torch.equal(first[0], other[0]),
        expected="other data for seed=4 than for seed=3",
        seen="the same data",
        look="how the seed reaches the random generator",
    )


def test_a_seed_fixes_the_training(kata, device):
    """with the same seeds, two training runs give identical losses"""
    runs = []
    for _ in range(2):
        x, y = kata.make_data(sample_size=500, seed=5, device=device)
        net = seeded_net(kata, 5, device)
        runs.append(kata.train(net, x, y, epochs=2, batch_size=100, lr=0.01))
    expect(
        runs[0] == runs[1],
        expected="identical losses from two runs with the same seeds",
        seen=f"{runs[0]} then {runs[1]}",
        look="randomness in train() that no seed controls",
    )


def test_the_model_is_called_as_a_module(kata, device):
    """train() calls net(x), so forward hooks fire"""
    x, y = seeded_data(kata, seed=0, device=device, sample_size=200)
    net = seeded_net(kata, 0, device)
    calls = []
    net.register_forward_hook(lambda module, args, output: calls.append(len(args[0])))
    kata.train(net, x, y, epochs=1, batch_size=100, lr=0.01)
    expect(
        sum(calls) == 200,
        expected="forward hooks to see all 200 samples: train calls net(batch_x)",
        seen=f"hooks saw {sum(calls)} samples",
        look="how train() calls the model: net.forward(x) skips every hook",
    )


def test_data_is_float32_whatever_the_default_dtype(kata, device):
    """make_data returns float32 even when torch's default dtype is float64"""
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    try:
        x, y = seeded_data(kata, seed=0, device=device, sample_size=10)
    finally:
        torch.set_default_dtype(previous)
    expect(
        x.dtype == torch.float32 and y.dtype == torch.float32,
        expected="x and y of dtype float32",
        seen=f"x {x.dtype}, y {y.dtype}",
        look="the legacy torch.Tensor(...) constructor: it follows the default dtype",
    )
