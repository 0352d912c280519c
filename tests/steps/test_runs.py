"""Step 1: the forum's script runs from start to end."""

import math

from tests.harness.checks import describe_losses, expect, seeded_data, seeded_net, small_data


def test_train_returns_one_loss_per_epoch(kata, device):
    """train() finishes and returns one finite loss per epoch"""
    x, y = seeded_data(kata, seed=0, device=device, sample_size=1_000)
    losses = kata.train(seeded_net(kata, 0, device), x, y, epochs=3, batch_size=100, lr=0.01)
    expect(
        isinstance(losses, list) and len(losses) == 3,
        expected="a list of 3 losses from train(..., epochs=3)",
        seen=f"{type(losses).__name__} {losses!r:.200}",
        look="what train() collects per epoch and returns",
    )
    expect(
        all(isinstance(loss, float) for loss in losses),
        expected="each loss a Python float (loss.item())",
        seen=f"{[type(loss).__name__ for loss in losses]}: {losses!r:.200}",
        look="what train() appends to its list of losses",
    )
    expect(
        all(math.isfinite(loss) for loss in losses),
        expected="finite losses",
        seen=describe_losses(losses),
        look="the learning rate and the size of the inputs: NaN or inf means the steps grew without bound",
    )


def test_make_data_draws_the_forums_regression(kata, device):
    """make_data gives x of shape (n, 2) with inputs scaled by 100, and y = 5*x1 + 3*x2 + N(0, 1) noise"""
    x, y = seeded_data(kata, seed=0, device=device, sample_size=10_000)
    expect(
        tuple(x.shape) == (10_000, 2) and tuple(y.shape) == (10_000,),
        expected="x of shape (10000, 2) and y of shape (10000,) from make_data(10_000)",
        seen=f"x {tuple(x.shape)}, y {tuple(y.shape)}",
        look="make_data: which columns become x and which y",
    )
    # Measured over 40 seeds of the reference at 10,000 samples: input spreads 98.1 to 101.8,
    # noise spread 0.989 to 1.016. The bounds allow 10% either way.
    x_spread = x.double().std(dim=0).tolist()
    noise = (y.double() - 5 * x[:, 0].double() - 3 * x[:, 1].double()).std().item()
    expect(
        all(90 < spread < 110 for spread in x_spread) and 0.9 < noise < 1.1,
        expected="each input's spread (std) near 100, and y - 5*x1 - 3*x2 of spread near 1, as in the post",
        seen=f"input spreads {[round(v, 3) for v in x_spread]}, noise spread {noise:.3g}",
        look="make_data: the scaling by 100 and the noise term",
    )


def test_main_runs(kata, capsys, monkeypatch):
    """main(), the forum's experiment, runs to the end and prints something"""
    # On 500 samples instead of 10,000: this test checks that main() wires the
    # pieces together; step 2 checks what a full-size run learns.
    monkeypatch.setattr(kata, "make_data", small_data(kata.make_data))
    kata.main()
    expect(
        capsys.readouterr().out.strip() != "",
        expected="main() to print the loss of each epoch",
        seen="nothing printed",
        look="the end of main()",
    )
