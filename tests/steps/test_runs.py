"""Step 1: the forum's script runs from start to end."""

import math

from tests.harness.checks import describe_losses, expect, seeded_data, seeded_net


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


def test_main_runs(kata, capsys, monkeypatch):
    """main(), the forum's experiment, runs to the end and prints something"""
    # On 500 samples instead of 10,000: this test checks that main() wires the
    # pieces together; step 2 checks what a full-size run learns.
    make_data = kata.make_data

    def make_small_data(*args, **kwargs):
        kwargs.pop("sample_size", None)
        return make_data(500, *args[1:], **kwargs)

    monkeypatch.setattr(kata, "make_data", make_small_data)
    kata.main()
    expect(
        capsys.readouterr().out.strip() != "",
        expected="main() to print the loss of each epoch",
        seen="nothing printed",
        look="the end of main()",
    )
