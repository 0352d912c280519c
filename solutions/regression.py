"""Reference answer: the forum's linear regression, fixed and shape-annotated.

The forum's model never learned because `forward` threw away the result of
`x.squeeze()`: its (batch, 1) predictions met (batch,) targets, and MSELoss
broadcast them into a (batch, batch) grid. Here every tensor that crosses a
function boundary carries its shape, checked at each call by jaxtyping with
beartype. Why the poster's 1-D weight "fixed" it: EXPLANATION.md (spoilers).
It is the last worked step: solutions/steps/step_6.py plus the bonus, train_sgd.
"""

import numpy as np
import torch
from beartype import beartype
from jaxtyping import Float, jaxtyped
from torch import Tensor


class Net(torch.nn.Module):
    def __init__(self, input_dim=2, output_dim=1):
        super().__init__()
        self.layer1 = torch.nn.Linear(input_dim, output_dim, bias=False)

    # The input width is read off the layer, so Net(3) checks for (batch, 3).
    @jaxtyped(typechecker=beartype)
    def forward(self, x: Float[Tensor, "batch {self.layer1.in_features}"]) -> Float[Tensor, " batch"]:
        # squeeze returns a new tensor, so keep it; name the dimension so that
        # a batch of one stays shape (1,) instead of collapsing to a scalar.
        return self.layer1(x).squeeze(-1)


# generate data using the linear regression setup y = 5 * x1 + 3 * x2
@jaxtyped(typechecker=beartype)
def make_data(sample_size=10_000, seed=None, device="cpu") -> tuple[Float[Tensor, "n 2"], Float[Tensor, " n"]]:
    # Drawn by numpy on the CPU, so that a seed gives the same data on every device.
    rng = np.random.default_rng(seed)
    data = rng.standard_normal((sample_size, 3))
    data[:, :2] = data[:, :2] * 100
    # add a normal noise term
    data[:, 2] = 5 * data[:, 0] + 3 * data[:, 1] + rng.standard_normal(sample_size)
    data = torch.as_tensor(data, dtype=torch.float32, device=device)
    return data[:, :2], data[:, 2]


@jaxtyped(typechecker=beartype)
def train(
    net,
    train_x: Float[Tensor, "batch 2"],
    train_y: Float[Tensor, " batch"],
    epochs=30,
    batch_size=100,
    lr=0.01,
    optimizer_class=torch.optim.RMSprop,
) -> list[float]:
    criterion = torch.nn.MSELoss()
    optimizer = optimizer_class(net.parameters(), lr=lr)

    epoch_losses = []
    for _ in range(epochs):
        batch_losses = []
        for start in range(0, len(train_x), batch_size):
            batch_x = train_x[start : start + batch_size]
            batch_y = train_y[start : start + batch_size]

            pred_y = net(batch_x)
            loss = criterion(pred_y, batch_y)

            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            # Kept on the device and read once per epoch: no host sync per batch.
            batch_losses.append(loss.detach())
        epoch_losses.append(torch.stack(batch_losses).mean().item())
    return epoch_losses


@jaxtyped(typechecker=beartype)
def train_sgd(
    net,
    train_x: Float[Tensor, "batch 2"],
    train_y: Float[Tensor, " batch"],
    epochs=30,
    batch_size=100,
    lr=0.01,
) -> list[float]:
    """Bonus: plain SGD, which needs inputs of unit scale where RMSprop did not care.

    Trains on x / scale, with the scale folded into the weights and back out,
    so that afterwards net(x) takes inputs in their original units.
    """
    scale = train_x.std(dim=0)
    with torch.no_grad():
        net.layer1.weight.mul_(scale)  # the same model, seen from the scaled inputs
    losses = train(net, train_x / scale, train_y, epochs, batch_size, lr, optimizer_class=torch.optim.SGD)
    with torch.no_grad():
        net.layer1.weight.div_(scale)  # back to the original units
    return losses


def main():
    device = "cuda" if torch.cuda.is_available() else "cpu"
    torch.manual_seed(0)
    train_x, train_y = make_data(seed=0, device=device)
    net = Net().to(device)
    losses = train(net, train_x, train_y)
    for i, loss in enumerate(losses):
        print(f"epoch {i:2d}  loss {loss:12.4f}")
    print(f"learned weights {net.layer1.weight.squeeze(0).tolist()} on {device}")


if __name__ == "__main__":
    main()
