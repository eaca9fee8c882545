"""Noise schedule and DDIM sampling with classifier-free guidance, in the diffusers convention
(scaled_linear betas, epsilon prediction, "leading" spacing with steps_offset 1)."""
import numpy as np
import torch


def alphas_cumprod(sc):
    betas = np.linspace(sc["betaStart"] ** 0.5, sc["betaEnd"] ** 0.5, sc["numTrainTimesteps"], dtype=np.float64) ** 2
    return np.cumprod(1.0 - betas)


def ddim_timesteps(n, total=1000, offset=1):
    ratio = total // n
    return (np.arange(n) * ratio)[::-1] + offset


@torch.no_grad()
def ddim_sample(unet, cond, uncond, ab, steps, guidance, shape, gen):
    """Deterministic DDIM (eta 0) from Gaussian noise; cond/uncond are text states [B,77,D]."""
    x = torch.randn(shape, generator=gen)
    ts = ddim_timesteps(steps, len(ab))
    ratio = len(ab) // steps
    ctx = torch.cat([uncond, cond])
    for t in ts:
        eps_u, eps_c = unet(torch.cat([x, x]), torch.tensor([float(t)]), ctx).chunk(2)
        eps = eps_u + guidance * (eps_c - eps_u)
        a_t = ab[t]
        prev = t - ratio
        a_p = ab[prev] if prev >= 0 else ab[0]  # set_alpha_to_one False: final alpha is alphas_cumprod[0]
        x0 = (x - (1 - a_t) ** 0.5 * eps) / a_t ** 0.5
        x = a_p ** 0.5 * x0 + (1 - a_p) ** 0.5 * eps
    return x
