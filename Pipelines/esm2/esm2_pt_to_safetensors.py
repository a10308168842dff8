"""fair-esm ESM-2 weights (.pt) -> safetensors with Hugging Face's tensor names, for `twinpeaks convert-esm2`.

Usage: python3 esm2_pt_to_safetensors.py IN.pt OUT.safetensors   (needs `pip install torch safetensors`)

A fair-esm checkpoint is a pickled PyTorch zip that TwinPeaks does not parse. Its keys are fair-esm's
module names under "encoder.sentence_encoder." (or "encoder." for the LM head), the prefixes that
fair-esm's own `upgrade_state_dict` strips; `rename` maps each to the name Hugging Face's EsmForMaskedLM
uses, which is what convert-esm2 reads. The renaming is tested without torch (Tests/twinpeaksTests/
ESM2ScriptTests.swift); the torch part runs in that test only where torch can be imported.
"""
import re
import sys

RULES = [
    (r"^encoder\.sentence_encoder\.|^encoder\.", ""),
    (r"^embed_tokens", "esm.embeddings.word_embeddings"),
    (r"^emb_layer_norm_after", "esm.encoder.emb_layer_norm_after"),
    (r"^layers\.(\d+)\.", r"esm.encoder.layer.\1."),
    (r"self_attn\.q_proj", "attention.self.query"),
    (r"self_attn\.k_proj", "attention.self.key"),
    (r"self_attn\.v_proj", "attention.self.value"),
    (r"self_attn\.out_proj", "attention.output.dense"),
    (r"self_attn_layer_norm", "attention.LayerNorm"),
    (r"\.fc1\.", ".intermediate.dense."),
    (r"\.fc2\.", ".output.dense."),
    (r"final_layer_norm", "LayerNorm"),
    (r"^lm_head\.weight$", "lm_head.decoder.weight"),
]


def rename(name):
    """The Hugging Face name of a fair-esm key, or None for tensors ESM-2 recomputes or does not use."""
    if "rot_emb" in name or "contact_head" in name:
        return None
    for pattern, replacement in RULES:
        name = re.sub(pattern, replacement, name)
    return name


def main(source, target):
    import torch
    from safetensors.torch import save_file

    state = torch.load(source, map_location="cpu", weights_only=False)["model"]
    out = {}
    for name, tensor in state.items():
        renamed = rename(name)
        if renamed is not None:
            # clone: the LM head's decoder weight shares its storage with the token embeddings,
            # and safetensors refuses tensors that share memory.
            out[renamed] = tensor.detach().to(torch.float32).clone().contiguous()
    save_file(out, target)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: esm2_pt_to_safetensors.py IN.pt OUT.safetensors")
    main(sys.argv[1], sys.argv[2])
