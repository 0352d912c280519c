"""Step 3: shapes hold for every batch size, the last and smallest batch included."""

import math
import warnings

import pytest
import torch

from tests.harness.checks import expect, full_data_mse, recorded_training, seeded_data, seeded_net

# PyTorch only warns, and then broadcasts, when MSELoss gets (batch, 1) against (batch,).
BROADCAST_WARNING = "Using a target size"


@pytest.mark.parametrize("batch", [1, 2, 7, 100])
def test_one_prediction_per_sample(kata, device, batch):
    """net(x) maps a (batch, 2) input to a (batch,) output"""
    x = torch.randn(batch, 2, device=device)
    out = seeded_net(kata, 0, device)(x)
    expect(
        tuple(out.shape) == (batch,),
        expected=f"net(x) of shape ({batch},) for x of shape ({batch}, 2)",
        seen=f"shape {tuple(out.shape)}",
        look="what forward returns, and what happens to a batch of one",
    )


@pytest.mark.parametrize(("samples", "batch_size"), [(250, 100), (7, 1), (7, 3)])
def test_every_sample_is_trained_on_once_per_epoch(kata, device, samples, batch_size):
    """one epoch is one RMSprop step per batch of batch_size rows, the smaller last batch included"""
    x, y = seeded_data(kata, seed=0, device=device, sample_size=samples)
    net = seeded_net(kata, 0, device)
    with recorded_training(net) as (batches, steps), warnings.catch_warnings():
        warnings.filterwarnings("error", message=BROADCAST_WARNING)
        try:
            kata.train(net, x, y, epochs=1, batch_size=batch_size, lr=0.01)
        except UserWarning as warning:
            expect(
                False,
                expected="MSELoss to get predictions and targets of the same shape",
                seen=f"PyTorch's broadcasting warning: {warning}",
                look="the shape forward returns for this batch size",
            )
    wanted = [batch_size] * (samples // batch_size) + ([samples % batch_size] if samples % batch_size else [])
    expect(
        sorted(batches) == sorted(wanted),
        expected=f"batches of {wanted}: all {samples} samples, batch_size={batch_size} at a time",
        seen=f"batches of {batches}",
        look="the loop over batches in train()",
    )
    expect(
        steps == [("RMSprop", 0.01)] * len(wanted),
        expected=f"{len(wanted)} RMSprop steps at lr=0.01, one per batch",
        seen=f"{len(steps)} optimizer steps: {sorted(set(steps)) or 'none'}",
        look="the optimizer train() builds, and when it calls optimizer.step()",
    )


def test_each_epoch_loss_is_the_mean_loss_over_its_samples(kata, device):
    """with lr=0 the model stands still, so each epoch's loss must equal its full-data MSE"""
    x, y = seeded_data(kata, seed=0, device=device, sample_size=1_000)
    net = seeded_net(kata, 0, device)
    mse = full_data_mse(net, x, y)
    losses = kata.train(net, x, y, epochs=2, batch_size=100, lr=0.0)
    expect(
        len(losses) == 2 and all(math.isclose(loss, mse, rel_tol=1e-4) for loss in losses),
        expected=f"two epoch losses equal to the model's MSE on those 1,000 samples, {mse:.6g}",
        seen=f"{losses}",
        look="what train() adds up per epoch, and what it divides by",
    )
