#!/usr/bin/python3
"""Two TorchScript classifiers hardening must refuse, for AdversarialTrainerTest: one without parameters, and one
whose logits do not depend differentiably on its weights (a rounded linear layer). Input 1x28x28, 10 logits. Needs Debian's python3-torch; the .pt files are committed.

    /usr/bin/python3 core/src/test/resources/untrainable/make.py
"""
import os

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))


class NoParameters(nn.Module):
    def forward(self, x):
        return torch.flatten(x, 1)[:, :10] * 2.0


class Rounded(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(784, 10)

    def forward(self, x):
        return torch.round(self.linear(torch.flatten(x, 1)))


def main():
    torch.manual_seed(3)
    example = torch.zeros(1, 1, 28, 28)
    torch.jit.trace(Rounded().eval(), example).save(os.path.join(HERE, "rounded.pt"))
    torch.jit.trace(NoParameters().eval(), example).save(os.path.join(HERE, "no-parameters.pt"))


if __name__ == "__main__":
    main()
