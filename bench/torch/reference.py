"""PyTorch reference for Latent Studio's training benchmark.

Builds the same architecture as a Latent Studio graph (the resolved spec that bench/train.ts
writes: each model's nodes in order with their params and NHWC shapes) as torch modules, and
trains it with the same recipe step, batch size and optimizer on random images of the same
shape (throughput does not depend on the pixels). 4-D tensors are kept NCHW, PyTorch's native
layout, so PyTorch runs at its best. Prints one JSON object.

Usage: /usr/bin/python3 bench/torch/reference.py SPEC.json --examples N --repeats R --threads 2
"""
import argparse
import json
import math
import resource
import time

import torch
import torch.nn.functional as F
from torch import nn


def act(name, alpha=0.2):
    return {
        "linear": lambda x: x,
        "relu": F.relu,
        "selu": F.selu,
        "elu": F.elu,
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "softmax": lambda x: F.softmax(x, dim=-1),
        "swish": lambda x: x * torch.sigmoid(x),
        "leakyRelu": lambda x: F.leaky_relu(x, alpha),
    }[name]


def same_pad(size, k, s):
    """TensorFlow's 'same' padding: (before, after) for one axis."""
    total = max((math.ceil(size / s) - 1) * s + k - size, 0)
    return total // 2, total - total // 2


class Node(nn.Module):
    """One block of the graph; `forward` takes the list of its input tensors."""

    def __init__(self, spec):
        super().__init__()
        self.kind = spec["kind"]
        self.p = p = spec["params"]
        ins = spec["inShapes"]
        x = ins[0] if ins else None
        k = self.kind
        if k == "dense":
            self.layer = nn.Linear(x[-1], p["units"], bias=p.get("useBias", True))
        elif k in ("conv2d", "separableConv2d", "conv2dTranspose"):
            cin, ks, st = x[3], p["kernelSize"], p["strides"]
            self.pads = (0, 0, 0, 0)
            if k == "conv2dTranspose":
                total = max(ks - st, 0) if p["padding"] == "same" else 0
                out_pad = max(st - ks, 0) if p["padding"] == "same" else 0
                self.layer = nn.ConvTranspose2d(cin, p["filters"], ks, st, padding=math.ceil(total / 2),
                                                output_padding=out_pad + (total % 2),
                                                bias=p.get("useBias", True))
            else:
                if p["padding"] == "same":
                    ph, pw = same_pad(x[1], ks, st), same_pad(x[2], ks, st)
                    self.pads = (pw[0], pw[1], ph[0], ph[1])
                if k == "conv2d":
                    self.layer = nn.Conv2d(cin, p["filters"], ks, st, bias=p.get("useBias", True))
                else:
                    mult = p.get("depthMultiplier", 1)
                    self.depthwise = nn.Conv2d(cin, cin * mult, ks, st, groups=cin, bias=False)
                    self.layer = nn.Conv2d(cin * mult, p["filters"], 1, bias=p.get("useBias", True))
        elif k == "batchNormalization":
            norm = nn.BatchNorm2d if len(x) == 4 else nn.BatchNorm1d
            self.layer = norm(x[-1], eps=p["epsilon"], momentum=1 - p["momentum"])
        elif k == "layerNormalization":
            self.layer = nn.LayerNorm(x[-1], eps=p["epsilon"])
        elif k == "timeEncoding":
            steps, dims = p["steps"], p["dims"]
            t = torch.arange(steps + 1, dtype=torch.float32)[:, None]
            i = torch.arange(dims // 2, dtype=torch.float32)[None, :]
            table = torch.empty(steps + 1, dims)
            table[:, 0::2] = torch.sin(t / 10_000 ** (2 * i / dims))
            table[:, 1::2] = torch.cos(t / 10_000 ** (2 * i / dims))
            self.register_buffer("table", table)
        self.in_rank = [len(s) for s in ins]

    def forward(self, xs):
        k, p = self.kind, self.p
        x = xs[0] if xs else None
        if k == "dense":
            return act(p["activation"])(self.layer(x))
        if k in ("conv2d", "separableConv2d"):
            if any(self.pads):
                x = F.pad(x, self.pads)
            if k == "separableConv2d":
                x = self.depthwise(x)
            return act(p["activation"])(self.layer(x))
        if k == "conv2dTranspose":
            return act(p["activation"])(self.layer(x))
        if k in ("maxPool2d", "avgPool2d"):
            size = p["poolSize"]
            stride = p["strides"] or size
            if p["padding"] == "same":
                h, w = x.shape[2], x.shape[3]
                ph, pw = same_pad(h, size, stride), same_pad(w, size, stride)
                x = F.pad(x, (pw[0], pw[1], ph[0], ph[1]), value=-math.inf if k == "maxPool2d" else 0)
            pool = F.max_pool2d if k == "maxPool2d" else F.avg_pool2d
            return pool(x, size, stride)
        if k == "globalAvgPool2d":
            return x.mean(dim=(2, 3))
        if k == "upSampling2d":
            return F.interpolate(x, scale_factor=p["size"],
                                 mode="nearest" if p["interpolation"] == "nearest" else "bilinear")
        if k == "zeroPadding2d":
            return F.pad(x, (p["left"], p["right"], p["top"], p["bottom"]))
        if k == "cropping2d":
            h, w = x.shape[2], x.shape[3]
            return x[:, :, p["top"]:h - p["bottom"], p["left"]:w - p["right"]]
        if k == "flatten":
            return x.reshape(x.shape[0], -1)
        if k == "reshape":
            t = p["targetShape"]
            if len(t) == 3:  # [h, w, c] becomes NCHW
                return x.reshape(x.shape[0], t[2], t[0], t[1])
            return x.reshape(x.shape[0], *t)
        if k in ("batchNormalization", "layerNormalization"):
            return self.layer(x)
        if k == "activation":
            return act(p["fn"], p.get("alpha", 0.2))(x)
        if k == "dropout":
            return F.dropout(x, p["rate"], self.training)
        if k == "gaussianNoise":
            return x + torch.randn_like(x) * p["stddev"] if self.training else x
        if k in ("add", "multiply"):
            out = xs[0]
            for y in xs[1:]:
                out = out + y if k == "add" else out * y
            return out
        if k == "concatenate":
            return torch.cat(xs, dim=1 if self.in_rank[0] == 4 else -1)
        if k == "timeEncoding":
            return self.table[x.reshape(-1).long()]
        if k == "sampling":
            mean, log_var = xs
            return mean + torch.exp(log_var / 2) * torch.randn_like(mean)
        raise ValueError(f"no torch form for block kind {k}")


class GraphModel(nn.Module):
    """One group of the graph as a torch module: inputs in order, outputs in order."""

    def __init__(self, spec):
        super().__init__()
        self.spec = spec
        self.blocks = nn.ModuleDict({n["id"].replace(".", "_"): Node(n) for n in spec["nodes"]})

    def forward(self, *inputs):
        values = {i["id"]: x for i, x in zip(self.spec["inputs"], inputs)}
        for n in self.spec["nodes"]:
            values[n["id"]] = self.blocks[n["id"].replace(".", "_")]([values[s] for s in n["sources"]])
        outs = [values[o] for o in self.spec["outputs"]]
        return outs if len(outs) > 1 else outs[0]


def image_batch(shape, n):
    """Random images shaped like the model input (NHWC shapes become NCHW)."""
    dims = [d for d in shape[1:]]
    if len(dims) == 3:
        dims = [dims[2], dims[0], dims[1]]
    return torch.rand(n, *dims)


def optimizer(spec, params):
    o, lr = spec["optimizer"], spec["learningRate"]
    if o["kind"] == "nadam":
        return torch.optim.NAdam(params, lr=lr, betas=(o["beta1"], o["beta2"]), eps=o["epsilon"])
    if o["kind"] == "adam":
        return torch.optim.Adam(params, lr=lr, betas=(o["beta1"], o["beta2"]), eps=o["epsilon"])
    if o["kind"] == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=o["rho"], eps=o["epsilon"], momentum=o["momentum"])
    return torch.optim.SGD(params, lr=lr, momentum=o["momentum"], nesterov=o["nesterov"])


def make_step(spec, models):
    """The recipe's training step on one batch, as the engine's recipe does it."""
    recipe, s = spec["recipe"], spec["settings"]
    by_role = {m["role"]: models[m["id"]] for m in spec["models"]}
    shapes = {m["role"]: m for m in spec["models"]}
    if recipe in ("autoencoder", "vae"):
        enc, dec = by_role["encoder"], by_role["decoder"]
        opt = optimizer(spec, list(enc.parameters()) + list(dec.parameters()))

        def step(x):
            opt.zero_grad()
            if recipe == "vae":
                mean, log_var, codings = enc(x)
                recon = dec(codings).reshape(x.shape)
                latent = -0.5 * (1 + log_var - log_var.exp() - mean.square()).sum(-1)
                loss = F.mse_loss(recon, x) + (latent / x[0].numel()).mean()
            else:
                loss = F.mse_loss(dec(enc(x)).reshape(x.shape), x)
            loss.backward()
            opt.step()
        return step, shapes["encoder"]["inputs"][0]["shape"]
    if recipe == "gan":
        gen, disc = by_role["generator"], by_role["discriminator"]
        opt_d, opt_g = optimizer(spec, disc.parameters()), optimizer(spec, gen.parameters())
        codings = s["codingsSize"]

        def step(x):
            n = x.shape[0]
            fake = gen(torch.randn(n, codings)).detach()
            opt_d.zero_grad()
            p = disc(torch.cat([fake.reshape(x.shape), x]))
            y = torch.cat([torch.zeros(n, 1), torch.ones(n, 1)])
            F.binary_cross_entropy(p, y).backward()
            opt_d.step()
            opt_g.zero_grad()
            F.binary_cross_entropy(disc(gen(torch.randn(n, codings)).reshape(x.shape)), torch.ones(n, 1)).backward()
            opt_g.step()
        return step, shapes["discriminator"]["inputs"][0]["shape"]
    if recipe == "diffusion":
        den = by_role["denoiser"]
        opt = optimizer(spec, den.parameters())
        T = s["steps"]
        t_all = torch.arange(T + 1, dtype=torch.float64)
        f = torch.cos((t_all / T + s["s"]) / (1 + s["s"]) * math.pi / 2) ** 2
        alpha = torch.clamp(f[1:] / f[:-1], 1 - s["maxBeta"], 1)
        alpha_cumprod = torch.cumprod(torch.cat([torch.ones(1, dtype=torch.float64), alpha]), 0).float()
        inputs = shapes["denoiser"]["inputs"]
        image_first = len(inputs[0]["shape"]) >= 3

        def step(x):
            n = x.shape[0]
            t = torch.randint(1, T + 1, (n,))
            a = alpha_cumprod[t].reshape(n, 1, 1, 1)
            noise = torch.randn_like(x)
            noisy = a.sqrt() * (x * 2 - 1) + (1 - a).sqrt() * noise
            opt.zero_grad()
            out = den(noisy, t) if image_first else den(t, noisy)
            F.huber_loss(out, noise).backward()
            opt.step()
        image = next(i for i in inputs if len(i["shape"]) >= 3)
        return step, image["shape"]
    raise ValueError(f"no torch recipe for {recipe}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("spec")
    ap.add_argument("--examples", type=int, required=True)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    spec = json.load(open(args.spec))
    models = {m["id"]: GraphModel(m) for m in spec["models"]}
    for m in models.values():
        m.train()
    step, shape = make_step(spec, models)
    batch = spec["batchSize"]
    data = image_batch(shape, args.examples)
    rates = []
    for rep in range(args.repeats + 1):  # the first pass warms up
        order = torch.randperm(args.examples)
        start = time.perf_counter()
        for i in range(0, args.examples, batch):
            step(data[order[i:i + batch]])
        seconds = time.perf_counter() - start
        if rep > 0:
            rates.append(args.examples / seconds)
    params = {mid: sum(p.numel() for p in m.parameters()) for mid, m in models.items()}
    print(json.dumps({
        "samplesPerSec": rates,
        "trainableParams": params,
        "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
    }))


if __name__ == "__main__":
    main()
