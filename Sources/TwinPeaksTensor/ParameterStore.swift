// ParameterStore: every trainable value of a model in one flat Float32 buffer, with a gradient
// buffer of the same layout, and `Parameter`: a named view (offset, shape) into both.

/// A named view into a `ParameterStore`: where one weight tensor lives and whether weight decay
/// applies to it. Names are explicit checkpoint keys such as "encoder.0.attention.query.weight".
public struct Parameter: Equatable, Hashable, Sendable {
    public let name: String
    public let shape: [Int]
    /// First value in the store's flat buffers.
    public let offset: Int
    public let count: Int
    /// False for biases and normalisation gains/shifts: AdamW does not decay them.
    public let decays: Bool
    /// Identifies the owning store, so a view is never read through the wrong one.
    let storeID: ObjectIdentifier
}

/// How a new parameter is initialised (all draws from the caller's `SeededGenerator`).
public enum ParameterInitialization: Sendable {
    case zeros
    case ones
    case constant(Float)
    /// N(0, std²), e.g. 0.02 as in GPT-2.
    case normal(standardDeviation: Float)
    /// Glorot/Xavier uniform for a [fanOut, fanIn] matrix: U(±√(6 / (fanIn + fanOut))).
    case xavierUniform(fanIn: Int, fanOut: Int)
}

public final class ParameterStore {
    /// Parameters in registration order (also the order of the flat buffers).
    public private(set) var parameters: [Parameter] = []
    private var byName: [String: Int] = [:]
    private var capacity = 0
    /// Flat values and gradients; reallocated while parameters are registered, so raw pointers
    /// into them are taken per call and never kept.
    private var valueBuffer: UnsafeMutablePointer<Float>
    private var gradientBuffer: UnsafeMutablePointer<Float>
    /// Total number of values.
    public private(set) var count = 0

    public init() {
        valueBuffer = .allocate(capacity: 1)
        gradientBuffer = .allocate(capacity: 1)
    }

    deinit {
        valueBuffer.deallocate()
        gradientBuffer.deallocate()
    }

    /// Adds a parameter and initialises it. Names must be unique within the store.
    @discardableResult
    public func register(_ name: String, shape: [Int], decays: Bool,
                         initialization: ParameterInitialization,
                         using generator: inout SeededGenerator) throws -> Parameter {
        guard byName[name] == nil else {
            throw TensorError.invalidArgument("parameter store: a parameter named \(name) already exists")
        }
        guard !name.isEmpty, shape.allSatisfy({ $0 > 0 }) else {
            throw TensorError.invalidArgument("parameter store: parameter '\(name)' with shape \(shape): "
                                              + "expected a name and positive sizes")
        }
        let size = shape.reduce(1, *)
        grow(to: count + size)
        let parameter = Parameter(name: name, shape: shape, offset: count, count: size, decays: decays,
                                  storeID: ObjectIdentifier(self))
        let values = valueBuffer + count
        switch initialization {
        case .zeros: values.update(repeating: 0, count: size)
        case .ones: values.update(repeating: 1, count: size)
        case .constant(let value): values.update(repeating: value, count: size)
        case .normal(let std):
            for i in 0..<size { values[i] = generator.nextNormal() * std }
        case .xavierUniform(let fanIn, let fanOut):
            let bound = (6 / Float(fanIn + fanOut)).squareRoot()
            for i in 0..<size { values[i] = (2 * generator.nextUniform() - 1) * bound }
        }
        (gradientBuffer + count).update(repeating: 0, count: size)
        byName[name] = parameters.count
        parameters.append(parameter)
        count += size
        return parameter
    }

    private func grow(to needed: Int) {
        guard needed > capacity else { return }
        let newCapacity = max(needed, capacity * 2, 1024)
        for buffer in [\ParameterStore.valueBuffer, \ParameterStore.gradientBuffer] {
            let grown = UnsafeMutablePointer<Float>.allocate(capacity: newCapacity)
            grown.update(from: self[keyPath: buffer], count: count)
            self[keyPath: buffer].deallocate()
            self[keyPath: buffer] = grown
        }
        capacity = newCapacity
    }

    /// The parameter with this name, if registered.
    public func parameter(named name: String) -> Parameter? {
        byName[name].map { parameters[$0] }
    }

    private func checkOwned(_ parameter: Parameter) throws {
        guard parameter.storeID == ObjectIdentifier(self), let index = byName[parameter.name],
              parameters[index] == parameter else {
            throw TensorError.invalidArgument("parameter \(parameter.name) does not belong to this store")
        }
    }

    // MARK: Reading and writing whole tensors

    /// A copy of the parameter's values.
    public func value(_ parameter: Parameter) -> Tensor {
        Tensor(uninitialized: parameter.shape) { $0.update(from: valueBuffer + parameter.offset, count: parameter.count) }
    }

    /// A copy of the parameter's accumulated gradient.
    public func gradient(_ parameter: Parameter) -> Tensor {
        Tensor(uninitialized: parameter.shape) { $0.update(from: gradientBuffer + parameter.offset, count: parameter.count) }
    }

    /// Replaces the parameter's values; the shape must match.
    public func setValue(_ parameter: Parameter, _ tensor: Tensor) throws {
        try checkOwned(parameter)
        try tensor.checkShape(parameter.shape, "parameter \(parameter.name)")
        tensor.withUnsafeBufferPointer { (valueBuffer + parameter.offset).update(from: $0.baseAddress!, count: parameter.count) }
    }

    /// Adds `tensor` into the parameter's gradient (for parameters used directly in `Ops`, e.g. a
    /// learned positional embedding added with `Ops.add`).
    public func accumulateGradient(_ parameter: Parameter, _ tensor: Tensor) throws {
        try checkOwned(parameter)
        try tensor.checkShape(parameter.shape, "gradient of parameter \(parameter.name)")
        let gradient = gradientBuffer + parameter.offset
        tensor.withUnsafeBufferPointer { t in for i in 0..<parameter.count { gradient[i] += t[i] } }
    }

    /// Sets every gradient to zero: call once per step, before the backward passes.
    public func zeroGradients() {
        gradientBuffer.update(repeating: 0, count: count)
    }

    // MARK: Flat access (optimizer, clipping, layers)

    /// The flat value buffer; valid until the next `register`.
    public var values: UnsafeMutableBufferPointer<Float> { UnsafeMutableBufferPointer(start: valueBuffer, count: count) }
    /// The flat gradient buffer; valid until the next `register`.
    public var gradients: UnsafeMutableBufferPointer<Float> { UnsafeMutableBufferPointer(start: gradientBuffer, count: count) }

    @inline(__always) func valuePointer(_ parameter: Parameter) -> UnsafeMutablePointer<Float> {
        valueBuffer + parameter.offset
    }

    @inline(__always) func gradientPointer(_ parameter: Parameter) -> UnsafeMutablePointer<Float> {
        gradientBuffer + parameter.offset
    }
}
