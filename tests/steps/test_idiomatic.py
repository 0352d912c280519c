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


def test_make_data_leaves_the_global_state_alone(kata, device):
    """make_data leaves the global generators and the default dtype alone, and draws anew without a seed"""
    numpy_state, torch_state = np.random.get_state()[1].copy(), torch.get_rng_state()
    dtype = torch.get_default_dtype()
    kata.make_data(sample_size=50, seed=3, device=device)
    untouched = {
        "numpy's global generator": np.array_equal(np.random.get_state()[1], numpy_state),
        "torch's global generator": torch.equal(torch.get_rng_state(), torch_state),
        "torch's default dtype": torch.get_default_dtype() == dtype,
    }
    torch.set_default_dtype(dtype)
    expect(
        all(untouched.values()),
        expected="make_data(seed=3) to change nothing outside itself",
        seen=f"it changed {[what for what, same in untouched.items() if not same]}",
        look="np.random.seed / torch.manual_seed / torch.set_default_dtype in make_data: use a generator of its own",
    )
    first, second = (kata.make_data(sample_size=50, device=device) for _ in range(2))
    expect(
        not torch.equal(first[0], second[0]),
        expected="two calls without a seed to give different data",
        seen="the same data twice: seed=None acts as a fixed seed",
        look="what make_data does when seed is None",
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

    def count_training_rows(module, args, output):
        if torch.is_grad_enabled():  # an evaluation under no_grad is not training
            calls.append(len(args[0]))

    net.register_forward_hook(count_training_rows)
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
        default_after = torch.get_default_dtype()
    finally:
        torch.set_default_dtype(previous)
    expect(
        x.dtype == torch.float32 and y.dtype == torch.float32 and default_after == torch.float64,
        expected="x and y of dtype float32, and the default dtype left as the caller set it (float64)",
        seen=f"x {x.dtype}, y {y.dtype}, default dtype afterwards {default_after}",
        look="the legacy torch.Tensor(...) constructor follows the default dtype; say float32 where you build the data",
    )
