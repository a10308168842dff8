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
        /// drop(gelu(preActivation)): the second layer's input.
        let activation: Tensor
        /// Dropout scale per hidden value; empty without dropout.
        let dropoutScale: [Float]
    }

    /// x [..., width] → y [..., width].
    public func forward(_ x: Tensor, training: Bool, generator: inout SeededGenerator) throws
        -> (output: Tensor, cache: Cache) {
        try check(x.rank >= 1 && x.shape.last == width,
                  "feed-forward \(name): input shape \(x.shape), expected last axis \(width)")
        let rows = x.count / width, hidden = hiddenWidth
        let dropoutScale = training && dropout.rate > 0 ? dropout.mask(count: rows * hidden, generator: &generator) : []
        var activation = Tensor(zeros: [])
        // h = x·W₁ᵀ, then in one pass h += b₁ and a = drop(gelu(h))
        let preActivation = Tensor(uninitialized: [rows, hidden]) { h in
            x.withUnsafeBufferPointer { x in input.forward(rows: rows, x.baseAddress!, into: h, includeBias: false) }
            activation = Tensor(uninitialized: [rows, hidden]) { a in
                dropoutScale.withUnsafeBufferPointer { scale in
                    biasGELU(rows: rows, width: hidden, h, bias: input.store.valuePointer(input.bias!),
                             dropoutScale: scale.isEmpty ? nil : scale.baseAddress, into: a)
                }
            }
        }
        // y = a·W₂ᵀ + b₂
        let y = Tensor(uninitialized: x.shape) { y in
            activation.withUnsafeBufferPointer { output.forward(rows: rows, $0.baseAddress!, into: y) }
        }
        return (y, Cache(input: x, preActivation: preActivation, activation: activation, dropoutScale: dropoutScale))
    }

    /// Backward of `forward`:
    /// y = a·W₂ᵀ + b₂ ⇒ da = dy·W₂ (dW₂, db₂ accumulate);  a = drop(gelu(h)) ⇒ dh = da ⊙ scale ⊙ gelu′(h);
    /// h = x·W₁ᵀ + b₁ ⇒ dx = dh·W₁ (dW₁, db₁ accumulate).
    public func backward(_ dOutput: Tensor, cache: Cache) throws -> Tensor {
        try dOutput.checkShape(cache.input.shape, "feed-forward \(name): output gradient")
        let rows = cache.input.count / width, hidden = hiddenWidth
        var dHidden = Tensor(uninitialized: [rows, hidden]) { da in
            dOutput.withUnsafeBufferPointer { dy in cache.activation.withUnsafeBufferPointer { a in
                output.backward(rows: rows, dy.baseAddress!, input: a.baseAddress!, dInput: da, accumulate: false)
            } }
        }
        // dh = da ⊙ scale ⊙ gelu′(h), in place
        dHidden.withUnsafeMutableBufferPointer { d in cache.preActivation.withUnsafeBufferPointer { h in
            cache.dropoutScale.withUnsafeBufferPointer { scale in
                geluBackwardInPlace(count: d.count, d.baseAddress!, preActivation: h.baseAddress!,
                                    dropoutScale: scale.isEmpty ? nil : scale.baseAddress)
            }
        } }
        return Tensor(uninitialized: cache.input.shape) { dx in
            dHidden.withUnsafeBufferPointer { dh in cache.input.withUnsafeBufferPointer { x in
                input.backward(rows: rows, dh.baseAddress!, input: x.baseAddress!, dInput: dx, accumulate: false)
            } }
        }
    }
}
