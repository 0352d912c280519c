"""The forum's symptoms, pinned on the torch in use.

If a future torch changes one of these (say, MSELoss raises instead of
warning on (batch, 1) against (batch,)), the story the kata tells changes too,
and this file says so before a learner finds out.
"""

import re
import warnings

import numpy as np
import pytest
import torch

from solutions.explain import forum_module, seeded
from tests.harness.steps import worked_step_path
from tests.harness.target import load_target


@pytest.fixture(scope="module")
def forum():
    return load_target(worked_step_path(0))


@pytest.fixture(scope="module")
def runs_as_posted():
    """Step 1's fix only: the loop runs, the poster's weight line is still there."""
    return forum_module(with_posters_line=True)


@pytest.fixture(scope="module")
def default_init():
    """Step 1's fix without the poster's line: what the poster saw without the workaround."""
    return forum_module(with_posters_line=False)


def test_the_script_as_posted_raises_a_type_error(forum):
    net, x, y = seeded(forum)
    with pytest.raises(TypeError, match=re.escape("'<' not supported between instances of 'int' and 'torch.Size'")):
        forum.train(net, x, y, epochs=1)


def test_without_the_workaround_the_loss_stays_at_the_variance_of_y(default_init):
    """about 3.4e5 (the variance of y), with PyTorch's broadcasting warning, weights near 0"""
    net, x, y = seeded(default_init)
    with pytest.warns(UserWarning, match="Using a target size"):
        losses = default_init.train(net, x, y, epochs=30)
    assert 0.5 < losses[-1] / y.var().item() < 2, losses[-5:]
    assert net.layer1.weight.abs().max().item() < 0.5  # it learns only the mean of y, which is near 0


def test_the_posters_weight_line_converges_because_it_changes_the_shape(runs_as_posted):
    net, x, y = seeded(runs_as_posted)
    assert tuple(net.layer1.weight.shape) == (2,)
    assert tuple(net(x[:100]).shape) == (100,)  # F.linear with a 1-D weight: one value per row
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no broadcasting warning: the shapes happen to match
        losses = runs_as_posted.train(net, x, y, epochs=30)
    assert losses[-1] < 5, losses[-5:]
    assert torch.allclose(net.layer1.weight, torch.tensor([5.0, 3.0]), atol=0.05)


def test_the_hacked_layer_still_calls_itself_linear_2_to_1(runs_as_posted):
    net = runs_as_posted.Net(2, 1)
    assert "Linear(in_features=2, out_features=1" in repr(net)
    with pytest.raises(RuntimeError, match="size mismatch for weight"):
        torch.nn.Linear(2, 1, bias=False).load_state_dict({"weight": net.layer1.weight.detach()})


def test_squeeze_without_a_dimension_collapses_a_batch_of_one():
    assert torch.zeros(1, 1).squeeze().shape == ()
    assert torch.zeros(1, 1).squeeze(-1).shape == (1,)


def test_the_legacy_constructor_follows_the_default_dtype():
    """why step 6 can tell torch.Tensor(data) from an explicit float32"""
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    try:
        assert torch.Tensor(np.zeros(2)).dtype == torch.float64
    finally:
        torch.set_default_dtype(previous)
