"""A one-layer linear regression that never converges without a strange weight line.

Someone on the PyTorch forums ("Why the model fail to converge without a manul
weight initialization?", discuss.pytorch.org thread 50431) found that this model
only learns y = 5*x1 + 3*x2 after overwriting its weight with a 1-D tensor; the
script below is theirs, bugs and all, and your job is to find out why and fix it.

The contract that `make test` checks, step by step:
    Net(input_dim=2, output_dim=1)   an nn.Module; net(x) maps (batch, 2) to (batch,)
    make_data(sample_size=10_000, seed=None, device="cpu") -> (x, y)
                                     x (n, 2), y (n,), float32, y = 5*x1 + 3*x2 + noise
                                     (seed and device arrive with the steps that ask for them)
    train(net, x, y, epochs=30, batch_size=100, lr=0.01) -> list[float]
                                     RMSprop; the mean loss of each epoch
    main()                           the forum's experiment; `python -m kata.regression`
"""

import torch
import numpy as np
from beartype import beartype
from jaxtyping import Float, jaxtyped
from torch import Tensor


class Net(torch.nn.Module):
    def __init__(self, input_dim, output_dim):
        super(Net, self).__init__()
        self.layer1 = torch.nn.Linear(input_dim, output_dim, bias=False)

    @jaxtyped(typechecker=beartype)
    def forward(self, x: Float[Tensor, "batch 2"]) -> Float[Tensor, " batch"]:
        x = self.layer1(x)
        x = x.squeeze(-1)  # only the output dimension: a batch of one stays (1,)
        return x


# generate data using the linear regression setup y = 5 * x1 + 3 * x2
@jaxtyped(typechecker=beartype)
def make_data(sample_size=10000, device="cpu") -> tuple[Float[Tensor, "n 2"], Float[Tensor, " n"]]:
    data = np.random.randn(sample_size, 3)
    data[:, :2] = data[:, :2] * 100
    # add a normal noise term
    data[:, 2] = 5 * data[:, 0] + 3 * data[:, 1] + np.random.randn(sample_size)
    data = torch.Tensor(data)
    train_x = data[:, :2]
    train_y = data[:, 2]
    return train_x.to(device), train_y.to(device)


@jaxtyped(typechecker=beartype)
def train(
    net,
    train_x: Float[Tensor, "batch 2"],
    train_y: Float[Tensor, " batch"],
    epochs=30,
    batch_size=100,
    lr=0.01,
):
    bs = batch_size
    criterion = torch.nn.MSELoss()
    optimizer = torch.optim.RMSprop(net.parameters(), lr=lr)

    epoch_losses = []
    for i in range(epochs):
        batch = 0
        batch_losses = []
        while batch * bs < train_x.shape[0]:
            batch_x = train_x[batch * bs : (batch + 1) * bs, :]
            batch_y = train_y[batch * bs : (batch + 1) * bs]

            pred_y = net.forward(batch_x)
            loss = criterion(pred_y, batch_y)

            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            batch_losses.append(loss.item())
            batch += 1
        epoch_losses.append(sum(batch_losses) / len(batch_losses))
    return epoch_losses


def main():
    sample_size = 10000
    input_dim = 2
    output_dim = 1
    epoch = 30
    bs = 100

    train_x, train_y = make_data(sample_size)
    net = Net(input_dim, output_dim)
    losses = train(net, train_x, train_y, epochs=epoch, batch_size=bs, lr=0.01)
    for i, loss in enumerate(losses):
        print("epoch", i, "loss", loss)


if __name__ == "__main__":
    main()
