"""Step 3: shapes hold for every batch size, the last and smallest batch included."""

import warnings

import pytest
import torch

from tests.harness.checks import expect, seeded_data, seeded_net

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
    """each epoch feeds every sample to the model once, also when the last batch is smaller"""
    x, y = seeded_data(kata, seed=0, device=device, sample_size=samples)
    net = seeded_net(kata, 0, device)
    rows_seen = []
    forward = net.forward

    def counting_forward(batch_x):
        rows_seen.append(len(batch_x))
        return forward(batch_x)

    net.forward = counting_forward  # catches net(x) and net.forward(x) alike
    with warnings.catch_warnings():
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
    expect(
        sum(rows_seen) == samples,
        expected=f"{samples} samples seen in one epoch with batch_size={batch_size}",
        seen=f"{sum(rows_seen)} samples, in batches of {rows_seen}",
        look="the loop over batches in train()",
    )
