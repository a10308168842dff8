// Broadcasting add, subtract and multiply (NumPy rules: shapes align on the right, a size of 1
// or a missing axis stretches) and their backward passes, which sum over the stretched axes.

/// How one operand is read while walking the broadcast output: element strides per output axis,
/// 0 along stretched axes.
private func broadcastStrides(_ shape: [Int], to output: [Int]) -> [Int] {
    var strides = [Int](repeating: 0, count: output.count)
    var step = 1
    for axis in stride(from: shape.count - 1, through: 0, by: -1) {
        let outAxis = axis + output.count - shape.count
        strides[outAxis] = shape[axis] == 1 && output[outAxis] != 1 ? 0 : step
        step *= shape[axis]
    }
    return strides
}

/// The broadcast shape of `a` and `b`, or an error naming the operation.
func broadcastShape(_ a: [Int], _ b: [Int], _ operation: String) throws -> [Int] {
    let rank = max(a.count, b.count)
    var result = [Int](repeating: 1, count: rank)
    for axis in 0..<rank {
        let x = axis < rank - a.count ? 1 : a[axis - (rank - a.count)]
        let y = axis < rank - b.count ? 1 : b[axis - (rank - b.count)]
        guard x == y || x == 1 || y == 1 else {
            throw TensorError.shapeMismatch("\(operation): shapes \(a) and \(b) do not broadcast "
                                            + "(axis \(axis) from the left of the result: \(x) vs \(y))")
        }
        result[axis] = x == 1 ? y : x
    }
    return result
}

/// Walks the output in row-major order, calling `row(outputOffset, aOffset, aStep, bOffset,
/// bStep, length)` once per innermost row.
private func walkBroadcast(_ output: [Int], _ aStrides: [Int], _ bStrides: [Int],
                           _ row: (Int, Int, Int, Int, Int, Int) -> Void) {
    let count = output.reduce(1, *)
    if count == 0 { return }
    if output.isEmpty { row(0, 0, 0, 0, 0, 1); return }
    let last = output.count - 1, length = output[last]
    var index = [Int](repeating: 0, count: output.count)
    var aOffset = 0, bOffset = 0, outOffset = 0
    while outOffset < count {
        row(outOffset, aOffset, aStrides[last], bOffset, bStrides[last], length)
        outOffset += length
        // Advance the multi-index over the outer axes.
        var axis = last - 1
        while axis >= 0 {
            index[axis] += 1
            aOffset += aStrides[axis]
            bOffset += bStrides[axis]
            if index[axis] < output[axis] { break }
            aOffset -= aStrides[axis] * output[axis]
            bOffset -= bStrides[axis] * output[axis]
            index[axis] = 0
            axis -= 1
        }
    }
}

private func broadcastBinary(_ a: Tensor, _ b: Tensor, _ operation: String,
                             _ combine: (Float, Float) -> Float) throws -> Tensor {
    let shape = try broadcastShape(a.shape, b.shape, operation)
    let aStrides = broadcastStrides(a.shape, to: shape), bStrides = broadcastStrides(b.shape, to: shape)
    return Tensor(uninitialized: shape) { y in
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in
            let a = a.baseAddress!, b = b.baseAddress!
            walkBroadcast(shape, aStrides, bStrides) { out, ao, aStep, bo, bStep, length in
                for j in 0..<length { y[out + j] = combine(a[ao + j * aStep], b[bo + j * bStep]) }
            }
        } }
    }
}

/// Sums `gradient` (shaped like the broadcast output) back to `shape`, optionally times `factor`
/// broadcast the same way (for products).
private func reduceBroadcast(_ gradient: Tensor, to shape: [Int], times factor: Tensor? = nil) -> Tensor {
    let output = gradient.shape
    let targetStrides = broadcastStrides(shape, to: output)
    let factorStrides = factor.map { broadcastStrides($0.shape, to: output) } ?? targetStrides
    var result = Tensor(zeros: shape)
    result.withUnsafeMutableBufferPointer { r in gradient.withUnsafeBufferPointer { g in
        let r = r.baseAddress!, g = g.baseAddress!
        if let factor {
            factor.withUnsafeBufferPointer { f in
                let f = f.baseAddress!
                walkBroadcast(output, targetStrides, factorStrides) { out, ro, rStep, fo, fStep, length in
                    for j in 0..<length { r[ro + j * rStep] += g[out + j] * f[fo + j * fStep] }
                }
            }
        } else {
            walkBroadcast(output, targetStrides, targetStrides) { out, ro, rStep, _, _, length in
                for j in 0..<length { r[ro + j * rStep] += g[out + j] }
            }
        }
    } }
    return result
}

extension Ops {
    /// a + b with broadcasting.
    public static func add(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        try broadcastBinary(a, b, "add") { $0 + $1 }
    }

    /// Backward of `add`: y = a + b ⇒ da = Σ_broadcast dy, db = Σ_broadcast dy.
    public static func addBackward(_ dOutput: Tensor, aShape: [Int], bShape: [Int]) throws
        -> (dA: Tensor, dB: Tensor) {
        try dOutput.checkShape(try broadcastShape(aShape, bShape, "add backward"), "add backward: output gradient")
        return (reduceBroadcast(dOutput, to: aShape), reduceBroadcast(dOutput, to: bShape))
    }

    /// a − b with broadcasting.
    public static func subtract(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        try broadcastBinary(a, b, "subtract") { $0 - $1 }
    }

    /// Backward of `subtract`: y = a − b ⇒ da = Σ_broadcast dy, db = −Σ_broadcast dy.
    public static func subtractBackward(_ dOutput: Tensor, aShape: [Int], bShape: [Int]) throws
        -> (dA: Tensor, dB: Tensor) {
        let (dA, dB) = try addBackward(dOutput, aShape: aShape, bShape: bShape)
        return (dA, scale(dB, by: -1))
    }

    /// a ⊙ b (elementwise product) with broadcasting.
    public static func multiply(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        try broadcastBinary(a, b, "multiply") { $0 * $1 }
    }

    /// Backward of `multiply`: y = a ⊙ b ⇒ da = Σ_broadcast dy ⊙ b, db = Σ_broadcast dy ⊙ a.
    public static func multiplyBackward(_ dOutput: Tensor, _ a: Tensor, _ b: Tensor) throws
        -> (dA: Tensor, dB: Tensor) {
        try dOutput.checkShape(try broadcastShape(a.shape, b.shape, "multiply backward"),
                               "multiply backward: output gradient")
        return (reduceBroadcast(dOutput, to: a.shape, times: b), reduceBroadcast(dOutput, to: b.shape, times: a))
    }

    /// x · factor. Its backward is `scale(dy, by: factor)`.
    public static func scale(_ x: Tensor, by factor: Float) -> Tensor {
        Tensor(uninitialized: x.shape) { y in
            x.withUnsafeBufferPointer { x in for i in 0..<x.count { y[i] = x[i] * factor } }
        }
    }
}
