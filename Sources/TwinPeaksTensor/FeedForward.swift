// FeedForward: Linear → GELU → dropout → Linear over the last axis, with the first bias fused
// into the GELU pass.

public struct FeedForward {
    public let name: String
    /// width → hiddenWidth ("<name>.in").
    public let input: Linear
    /// hiddenWidth → width ("<name>.out").
    public let output: Linear
    /// Applied to the GELU output in training.
    public let dropout: Dropout

    public init(_ name: String, width: Int, hiddenWidth: Int, dropout: Float = 0,
                store: ParameterStore, generator: inout SeededGenerator) throws {
        self.name = name
        input = try Linear(name + ".in", inputWidth: width, outputWidth: hiddenWidth, store: store, generator: &generator)
        output = try Linear(name + ".out", inputWidth: hiddenWidth, outputWidth: width, store: store, generator: &generator)
        self.dropout = try Dropout(rate: dropout)
    }

    public var width: Int { input.inputWidth }
    public var hiddenWidth: Int { input.outputWidth }

    public struct Cache {
        let input: Tensor
        /// x·W₁ᵀ + b₁, before GELU: [rows, hidden].
        let preActivation: Tensor
        /// gelu(preActivation) after dropout: the second layer's input.
        let activation: Tensor
        let dropout: Dropout.Cache
    }

    /// x [..., width] → y [..., width].
    public func forward(_ x: Tensor, training: Bool, generator: inout SeededGenerator) throws
        -> (output: Tensor, cache: Cache) {
        try check(x.rank >= 1 && x.shape.last == width,
                  "feed-forward \(name): input shape \(x.shape), expected last axis \(width)")
        let rows = x.count / width, hidden = hiddenWidth
        var activation = Tensor(zeros: [])
        // h = x·W₁ᵀ (bias added in the GELU pass)
        let preActivation = Tensor(uninitialized: [rows, hidden]) { h in
            x.withUnsafeBufferPointer { x in input.forward(rows: rows, x.baseAddress!, into: h, includeBias: false) }
            // h += b₁;  a = gelu(h)
            activation = Tensor(uninitialized: [rows, hidden]) { a in
                let hs = SendablePointer(h), as_ = SendablePointer(a)
                let b = SendablePointer(input.store.valuePointer(input.bias!))
                parallelFor(rows, costPerItem: 12 * hidden) { range in
                    for row in range {
                        let hr = hs.base + row * hidden, ar = as_.base + row * hidden
                        for j in 0..<hidden {
                            let value = hr[j] + b.base[j]
                            hr[j] = value
                            ar[j] = gelu(value)
                        }
                    }
                }
            }
        }
        let (dropped, dropoutCache) = dropout.forward(activation, training: training, generator: &generator)
        // y = a·W₂ᵀ + b₂
        let y = Tensor(uninitialized: x.shape) { y in
            dropped.withUnsafeBufferPointer { output.forward(rows: rows, $0.baseAddress!, into: y) }
        }
        return (y, Cache(input: x, preActivation: preActivation, activation: dropped, dropout: dropoutCache))
    }

    /// Backward of `forward`:
    /// y = a·W₂ᵀ + b₂ ⇒ da = dy·W₂ (dW₂, db₂ accumulate);  a = drop(gelu(h)) ⇒ dh = drop(da) ⊙ gelu′(h);
    /// h = x·W₁ᵀ + b₁ ⇒ dx = dh·W₁ (dW₁, db₁ accumulate).
    public func backward(_ dOutput: Tensor, cache: Cache) throws -> Tensor {
        try dOutput.checkShape(cache.input.shape, "feed-forward \(name): output gradient")
        let rows = cache.input.count / width, hidden = hiddenWidth
        var dActivation = Tensor(uninitialized: [rows, hidden]) { da in
            dOutput.withUnsafeBufferPointer { dy in cache.activation.withUnsafeBufferPointer { a in
                output.backward(rows: rows, dy.baseAddress!, input: a.baseAddress!, dInput: da, accumulate: false)
            } }
        }
        dActivation = try dropout.backward(dActivation, cache: cache.dropout)
        // dh = da ⊙ gelu′(h), in place
        dActivation.withUnsafeMutableBufferPointer { da in cache.preActivation.withUnsafeBufferPointer { h in
            let das = SendablePointer(da.baseAddress!), hs = SendablePointer(h.baseAddress!)
            parallelFor(da.count, costPerItem: 16) { range in
                for i in range { das.base[i] *= geluDerivative(hs.base[i]) }
            }
        } }
        return Tensor(uninitialized: cache.input.shape) { dx in
            dActivation.withUnsafeBufferPointer { dh in cache.input.withUnsafeBufferPointer { x in
                input.backward(rows: rows, dh.baseAddress!, input: x.baseAddress!, dInput: dx, accumulate: false)
            } }
        }
    }
}
