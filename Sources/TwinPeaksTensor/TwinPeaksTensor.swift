// TwinPeaksTensor: Float32 tensors, BLAS-backed layers with hand-written gradients, AdamW, and
// HDF5 parameter files. It knows nothing of proteins.
//
// Mechanism: explicit layers in the style of llm.c, not a tape. Each layer's `forward` returns its
// output and an explicit `Cache` of what the gradient needs; `backward`, written right below it,
// takes the output gradient and that cache, returns the input gradient(s), and ADDS parameter
// gradients into the `ParameterStore`'s flat gradient buffer (zeroed once per step). Why:
//  - the network is fixed, so a dynamic graph buys nothing and costs allocation and indirection;
//  - fused kernels (bias+GELU, scale+mask+softmax, QKV as one product) are natural in a layer and
//    awkward on a tape;
//  - a shared module (the encoder, run on both partners) simply sums its gradients, because
//    backward adds and each call keeps its own cache;
//  - each backward restates the line it differentiates, so the gradient can be read and checked.
//
// Layout conventions: tensors are row-major; sequence activations are [batch, tokens, width];
// Linear weights are [output, input] as in PyTorch. Matrix products go through cblas_sgemm.
// Errors from user input (shapes, masks, files, non-finite losses) are thrown as `TensorError`.
