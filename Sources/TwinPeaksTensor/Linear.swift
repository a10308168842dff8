// Linear: y = x·Wᵀ + b over the last axis, W [output, input] as in PyTorch. One sgemm forward,
// two backward (input and weight gradients), bias gradient by sgemv.

public struct Linear {
    public let name: String
    public let inputWidth: Int
    public let outputWidth: Int
    /// [outputWidth, inputWidth], decayed.
    public let weight: Parameter
    /// [outputWidth], not decayed; nil for a bias-free layer.
    public let bias: Parameter?
    let store: ParameterStore

    /// Registers "<name>.weight" (Xavier uniform unless `initialization` says otherwise) and
    /// "<name>.bias" (zeros).
    public init(_ name: String, inputWidth: Int, outputWidth: Int, bias: Bool = true,
                initialization: ParameterInitialization? = nil,
                store: ParameterStore, generator: inout SeededGenerator) throws {
        guard inputWidth > 0, outputWidth > 0 else {
            throw TensorError.invalidArgument("linear \(name): widths \(inputWidth)→\(outputWidth), expected positive")
        }
        let weight = try store.register(
            name + ".weight", shape: [outputWidth, inputWidth], decays: true,
            initialization: initialization ?? .xavierUniform(fanIn: inputWidth, fanOut: outputWidth),
            using: &generator)
        let biasParameter = bias
            ? try store.register(name + ".bias", shape: [outputWidth], decays: false,
                                 initialization: .zeros, using: &generator)
            : nil
        self.init(name, weight: weight, bias: biasParameter, store: store)
    }

    /// A layer over parameters registered elsewhere (attention registers its projections so that
    /// query, key and value weights are adjacent and can be used as one matrix).
    init(_ name: String, weight: Parameter, bias: Parameter?, store: ParameterStore) {
        self.name = name
        self.weight = weight
        self.bias = bias
        self.store = store
        outputWidth = weight.shape[0]
        inputWidth = weight.shape[1]
    }

    public struct Cache: Sendable {
        let input: Tensor
    }

    /// x [..., inputWidth] → y [..., outputWidth].
    public func forward(_ x: Tensor) throws -> (output: Tensor, cache: Cache) {
        try check(x.rank >= 1 && x.shape.last == inputWidth,
                  "linear \(name): input shape \(x.shape), expected last axis \(inputWidth)")
        let rows = x.count / inputWidth
        let y = Tensor(uninitialized: Array(x.shape.dropLast()) + [outputWidth]) { y in
            x.withUnsafeBufferPointer { forward(rows: rows, $0.baseAddress!, into: y) }
        }
        return (y, Cache(input: x))
    }

    /// Backward of `forward`: y = x·Wᵀ + b ⇒ dx = dy·W, dW += dyᵀ·x, db += Σ_rows dy.
    public func backward(_ dOutput: Tensor, cache: Cache) throws -> Tensor {
        try dOutput.checkShape(Array(cache.input.shape.dropLast()) + [outputWidth],
                               "linear \(name): output gradient")
        let rows = cache.input.count / inputWidth
        return Tensor(uninitialized: cache.input.shape) { dx in
            dOutput.withUnsafeBufferPointer { dy in cache.input.withUnsafeBufferPointer { x in
                backward(rows: rows, dy.baseAddress!, input: x.baseAddress!, dInput: dx, accumulate: false)
            } }
        }
    }

    // MARK: Row kernels shared with the fused layers

    /// y[rows×out] = x[rows×in]·Wᵀ + b  (y is filled with b, then sgemm adds x·Wᵀ).
    func forward(rows: Int, _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>,
                 includeBias: Bool = true) {
        let w = store.valuePointer(weight)
        var beta: Float = 0
        if includeBias, let bias {
            let b = store.valuePointer(bias)
            for row in 0..<rows { (y + row * outputWidth).update(from: b, count: outputWidth) }
            beta = 1
        }
        sgemmRows(transposeB: true, m: rows, n: outputWidth, k: inputWidth, a: x, lda: inputWidth,
                  b: w, ldb: inputWidth, beta: beta, c: y, ldc: outputWidth)
    }

    /// dx[rows×in] (=, or += when `accumulate`) dy·W;  dW += dyᵀ·x;  db += Σ_rows dy.
    /// `dInput` may be nil when the input needs no gradient.
    func backward(rows: Int, _ dy: UnsafePointer<Float>, input x: UnsafePointer<Float>,
                  dInput dx: UnsafeMutablePointer<Float>?, accumulate: Bool) {
        if let dx {
            sgemm(m: rows, n: inputWidth, k: outputWidth, a: dy, lda: outputWidth,
                  b: store.valuePointer(weight), ldb: inputWidth, beta: accumulate ? 1 : 0, c: dx, ldc: inputWidth)
        }
        sgemm(transposeA: true, m: outputWidth, n: inputWidth, k: rows, a: dy, lda: outputWidth,
              b: x, ldb: inputWidth, beta: 1, c: store.gradientPointer(weight), ldc: inputWidth)
        if let bias {
            addColumnSums(dy, rows: rows, columns: outputWidth, into: store.gradientPointer(bias))
        }
    }
}
