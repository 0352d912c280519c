"""Step 4: tensor shapes are written into the signatures and checked at every call."""

import inspect
import typing

import pytest
import torch
from jaxtyping import AbstractArray, TypeCheckError

from tests.harness.checks import expect, seeded_data, seeded_net


def is_shape_annotation(annotation) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, AbstractArray)


def parameter_names(function) -> list[str]:
    return [name for name in inspect.signature(function).parameters if name != "self"]


def tensor_annotations(function) -> dict:
    """Which arguments (by name) and which parts of the return value carry a shape."""
    hints = typing.get_type_hints(function)
    found = {name: hint for name, hint in hints.items() if is_shape_annotation(hint)}
    returned = hints.get("return")
    parts = typing.get_args(returned) if typing.get_origin(returned) is tuple else (returned,)
    found |= {f"return[{i}]": part for i, part in enumerate(parts) if is_shape_annotation(part)}
    return found


def rank(annotation) -> int | None:
    """How many dimensions the shape string fixes; None when it leaves that open ('...', '*batch')."""
    if any("Variadic" in type(dim).__name__ for dim in annotation.dims):
        return None
    return len(annotation.dims)


# By position, so any parameter names do: forward(x), train(net, x, y), make_data() -> (x, y).
# Each tensor's number of dimensions: x is (batch, 2), y and the predictions are (batch,).
ANNOTATED = {
    "Net.forward": lambda names: {names[0]: 2, "return[0]": 1},
    "train": lambda names: {names[1]: 2, names[2]: 1},
    "make_data": lambda names: {"return[0]": 2, "return[1]": 1},
}


@pytest.mark.parametrize("function_name", ANNOTATED)
def test_tensors_carry_shape_annotations(kata, function_name):
    """forward, train and make_data declare the shape of every tensor they take or return"""
    owner, _, name = function_name.rpartition(".")
    function = getattr(getattr(kata, owner) if owner else kata, name)
    wanted = ANNOTATED[function_name](parameter_names(function))
    found = {where: rank(annotation) for where, annotation in tensor_annotations(function).items()}
    expect(
        all(found.get(where) == dims for where, dims in wanted.items()),
        expected=f"jaxtyping annotations on {function_name} with this many dimensions: {wanted}"
        " (for example Float[Tensor, 'batch 2'] has two)",
        seen=f"{found} (None: the shape string leaves the dimensions open)" if found else "no shape annotations",
        look=f"the signature of {function_name}",
    )


def rejection(call) -> Exception | None:
    """The error a call raises, if any: only a TypeCheckError means the annotations caught it."""
    try:
        call()
    except Exception as error:  # whichever error it is, the test reports it
        return error
    return None


def test_forward_rejects_a_wrong_input_width(kata, device):
    """net(x) with x of shape (5, 3) is refused at the call, naming the argument"""
    net = seeded_net(kata, 0, device)
    x_name = parameter_names(type(net).forward)[0]
    error = rejection(lambda: net(torch.randn(5, 3, device=device)))
    expect(
        isinstance(error, TypeCheckError) and f"'{x_name}'" in str(error),
        expected=f"jaxtyping's TypeCheckError, about parameter '{x_name}', before any computation",
        seen=f"{type(error).__name__}: {str(error)[:300]}" if error else "no error at all",
        look="Net.forward's annotations and its @jaxtyped(typechecker=beartype) decorator",
    )


@pytest.mark.parametrize("bad_target", ["(n, 1) column", "one sample short"])
def test_train_rejects_a_mismatched_target(kata, device, bad_target):
    """train(net, x, y) with a y that does not match x is refused before any training step"""
    x, y = seeded_data(kata, seed=0, device=device, sample_size=200)
    y = y.unsqueeze(1) if bad_target == "(n, 1) column" else y[:-1]
    net = seeded_net(kata, 0, device)
    y_name = parameter_names(kata.train)[2]
    before = [p.detach().clone() for p in net.parameters()]
    error = rejection(lambda: kata.train(net, x, y, epochs=1, batch_size=100, lr=0.01))
    unchanged = all(torch.equal(a, b) for a, b in zip(before, net.parameters(), strict=True))
    expect(
        isinstance(error, TypeCheckError) and f"'{y_name}'" in str(error) and unchanged,
        expected=f"jaxtyping's TypeCheckError about parameter '{y_name}' of shape {tuple(y.shape)},"
        " raised before the weights change",
        seen=(f"{type(error).__name__}: {str(error)[:300]}" if error else "no error at all")
        + ("" if unchanged else "; the weights had already changed"),
        look="train's annotations: x and y must share their batch dimension",
    )
