// A head's deep path: Linear → GELU → dropout → Linear to one number per row.

import TwinPeaksTensor

public struct HeadMLP {
    public let hidden: Linear
    public let output: Linear
    public let dropout: Dropout

    public init(_ name: String, inputWidth: Int, hiddenWidth: Int, dropout: Float, store: ParameterStore,
                generator: inout SeededGenerator) throws {
        hidden = try Linear(name + ".hidden", inputWidth: inputWidth, outputWidth: hiddenWidth, store: store,
                            generator: &generator)
        output = try Linear(name + ".output", inputWidth: hiddenWidth, outputWidth: 1, store: store,
                            generator: &generator)
        self.dropout = try Dropout(rate: dropout)
    }

    /// Both layers' weights and biases.
    public var parameters: [Parameter] { [hidden.weight, hidden.bias, output.weight, output.bias].compactMap { $0 } }

    public struct Cache {
        let hidden: Linear.Cache
        let preActivation: Tensor
        let dropout: Dropout.Cache
        let output: Linear.Cache
    }

    /// x [N, inputWidth] → y [N, 1].
    public func forward(_ x: Tensor, training: Bool, generator: inout SeededGenerator) throws
        -> (output: Tensor, cache: Cache) {
        let (h, hiddenCache) = try hidden.forward(x)
        let (a, dropoutCache) = dropout.forward(Ops.gelu(h), training: training, generator: &generator)
        let (y, outputCache) = try output.forward(a)
        return (y, Cache(hidden: hiddenCache, preActivation: h, dropout: dropoutCache, output: outputCache))
    }

    /// Backward of `forward`: y = W₂·drop(gelu(W₁x + b₁)) + b₂.
    public func backward(_ dOutput: Tensor, cache: Cache) throws -> Tensor {
        let dA = try dropout.backward(output.backward(dOutput, cache: cache.output), cache: cache.dropout)
        let dH = try Ops.geluBackward(dA, cache.preActivation)
        return try hidden.backward(dH, cache: cache.hidden)
    }
}
