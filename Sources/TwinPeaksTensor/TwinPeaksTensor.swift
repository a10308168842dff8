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
//
// A training step with a shared encoder (the pattern every model in TwinPeaks follows):
//
//     try TensorThreads.configure()                      // threads + allocator, once per process
//     var generator = SeededGenerator(seed: 1)
//     let store = ParameterStore()
//     let encoder = try EncoderLayer("encoder.0", width: 128, heads: 4, feedForwardWidth: 256,
//                                    dropout: 0.1, store: store, generator: &generator)
//     let head = try Linear("head", inputWidth: 128, outputWidth: 1, store: store, generator: &generator)
//     let optimizer = try AdamW(store: store, weightDecay: 0.01)        // after all registrations
//     ...
//     store.zeroGradients()
//     let (h1, c1) = try encoder.forward(x1, mask: m1, training: true, generator: &generator)
//     let (h2, c2) = try encoder.forward(x2, mask: m2, training: true, generator: &generator)
//     ... pooling, head, loss (Loss.huber) ...
//     let dX2 = try encoder.backward(dH2, cache: c2)     // both calls add into the same gradients
//     let dX1 = try encoder.backward(dH1, cache: c1)
//     try GradientClipping.clipGlobalNorm(store, maxNorm: 1)
//     try optimizer.step(learningRate: schedule.rate(atStep: step))
//     try ParameterFile.save(store, metadata: ["config": json], to: "model.h5")
