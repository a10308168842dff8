// LayerNorm over the last axis: y = (x − mean)/√(var + ε) · gain + shift, with its backward.
// Rows run in parallel; gain/shift gradients are summed per column so results do not depend on
// the thread count.
import Foundation

public struct LayerNorm {
    public let name: String
    public let width: Int
    public let epsilon: Float
    /// [width], initialised to 1, not decayed ("<name>.weight").
    public let gain: Parameter
    /// [width], initialised to 0, not decayed ("<name>.bias").
    public let shift: Parameter
    let store: ParameterStore

    public init(_ name: String, width: Int, epsilon: Float = 1e-5,
                store: ParameterStore, generator: inout SeededGenerator) throws {
        guard width > 0 else { throw TensorError.invalidArgument("layer norm \(name): width \(width), expected positive") }
        self.name = name
        self.width = width
        self.epsilon = epsilon
        self.store = store
        gain = try store.register(name + ".weight", shape: [width], decays: false, initialization: .ones, using: &generator)
        shift = try store.register(name + ".bias", shape: [width], decays: false, initialization: .zeros, using: &generator)
    }

    public struct Cache {
        let input: Tensor
        /// Per row: mean and 1/√(var + ε).
        let mean: [Float]
        let reciprocalStd: [Float]
    }

    /// x [..., width] → y of the same shape.
    public func forward(_ x: Tensor) throws -> (output: Tensor, cache: Cache) {
        try check(x.rank >= 1 && x.shape.last == width,
                  "layer norm \(name): input shape \(x.shape), expected last axis \(width)")
        let rows = x.count / width
        var mean = [Float](repeating: 0, count: rows), reciprocalStd = [Float](repeating: 0, count: rows)
        let y = Tensor(uninitialized: x.shape) { y in
            x.withUnsafeBufferPointer { x in
                mean.withUnsafeMutableBufferPointer { mean in reciprocalStd.withUnsafeMutableBufferPointer { rstd in
                    forward(rows: rows, x.baseAddress!, into: y, mean: mean.baseAddress!, reciprocalStd: rstd.baseAddress!)
                } }
            }
        }
        return (y, Cache(input: x, mean: mean, reciprocalStd: reciprocalStd))
    }

    /// Backward of `forward`, with n̂ = (x − mean)·rstd and dn̂ = dy ⊙ gain:
    /// dx = rstd·(dn̂ − mean(dn̂) − n̂·mean(dn̂ ⊙ n̂));  dgain += Σ_rows dy ⊙ n̂;  dshift += Σ_rows dy.
    public func backward(_ dOutput: Tensor, cache: Cache) throws -> Tensor {
        try dOutput.checkShape(cache.input.shape, "layer norm \(name): output gradient")
        let rows = cache.input.count / width
        return Tensor(uninitialized: cache.input.shape) { dx in
            dOutput.withUnsafeBufferPointer { dy in cache.input.withUnsafeBufferPointer { x in
                cache.mean.withUnsafeBufferPointer { mean in cache.reciprocalStd.withUnsafeBufferPointer { rstd in
                    backward(rows: rows, dy.baseAddress!, input: x.baseAddress!, mean: mean.baseAddress!,
                             reciprocalStd: rstd.baseAddress!, dInput: dx, accumulate: false)
                } }
            } }
        }
    }

    // MARK: Row kernels

    func forward(rows: Int, _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>,
                 mean: UnsafeMutablePointer<Float>, reciprocalStd: UnsafeMutablePointer<Float>) {
        let width = width, epsilon = epsilon, vectorEnd = width / 8 * 8
        let g = SendablePointer(store.valuePointer(gain)), s = SendablePointer(store.valuePointer(shift))
        let xs = SendablePointer(x), ys = SendablePointer(y)
        let means = SendablePointer(mean), rstds = SendablePointer(reciprocalStd)
        parallelFor(rows, costPerItem: 4 * width) { range in
            for row in range {
                let xr = xs.base + row * width, yr = ys.base + row * width
                // mean = Σx / n;  var = Σ(x − mean)² / n   (eight partial sums, then the tail)
                var sums = Float8.zero
                for j in stride(from: 0, to: vectorEnd, by: 8) { sums += load8(xr + j) }
                var sum = sums.sum()
                for j in vectorEnd..<width { sum += xr[j] }
                let m = sum / Float(width)
                var squares8 = Float8.zero
                for j in stride(from: 0, to: vectorEnd, by: 8) { let d = load8(xr + j) - m; squares8 += d * d }
                var squares = squares8.sum()
                for j in vectorEnd..<width { let d = xr[j] - m; squares += d * d }
                let r = 1 / (squares / Float(width) + epsilon).squareRoot()
                // y = (x − mean)·rstd·gain + shift
                for j in stride(from: 0, to: vectorEnd, by: 8) {
                    store8((load8(xr + j) - m) * r * load8(g.base + j) + load8(s.base + j), yr + j)
                }
                for j in vectorEnd..<width { yr[j] = (xr[j] - m) * r * g.base[j] + s.base[j] }
                means.base[row] = m
                rstds.base[row] = r
            }
        }
    }

    func backward(rows: Int, _ dy: UnsafePointer<Float>, input x: UnsafePointer<Float>,
                  mean: UnsafePointer<Float>, reciprocalStd: UnsafePointer<Float>,
                  dInput dx: UnsafeMutablePointer<Float>, accumulate: Bool) {
        let width = width, vectorEnd = width / 8 * 8
        let g = SendablePointer(store.valuePointer(gain))
        let dys = SendablePointer(dy), xs = SendablePointer(x), dxs = SendablePointer(dx)
        let means = SendablePointer(mean), rstds = SendablePointer(reciprocalStd)
        parallelFor(rows, costPerItem: 6 * width) { range in
            for row in range {
                let xr = xs.base + row * width, dyr = dys.base + row * width, dxr = dxs.base + row * width
                let m = means.base[row], r = rstds.base[row]
                // mean(dn̂) and mean(dn̂ ⊙ n̂), dn̂ = dy ⊙ gain, n̂ = (x − mean)·rstd
                var dNorm8 = Float8.zero, dNormNorm8 = Float8.zero
                for j in stride(from: 0, to: vectorEnd, by: 8) {
                    let dNorm = load8(dyr + j) * load8(g.base + j)
                    dNorm8 += dNorm
                    dNormNorm8 += dNorm * ((load8(xr + j) - m) * r)
                }
                var meanDNorm = dNorm8.sum(), meanDNormNorm = dNormNorm8.sum()
                for j in vectorEnd..<width {
                    let dNorm = dyr[j] * g.base[j]
                    meanDNorm += dNorm
                    meanDNormNorm += dNorm * (xr[j] - m) * r
                }
                meanDNorm /= Float(width)
                meanDNormNorm /= Float(width)
                for j in stride(from: 0, to: vectorEnd, by: 8) {
                    let norm = (load8(xr + j) - m) * r
                    var value = r * (load8(dyr + j) * load8(g.base + j) - meanDNorm - norm * meanDNormNorm)
                    if accumulate { value += load8(dxr + j) }
                    store8(value, dxr + j)
                }
                for j in vectorEnd..<width {
                    let norm = (xr[j] - m) * r
                    let value = r * (dyr[j] * g.base[j] - meanDNorm - norm * meanDNormNorm)
                    dxr[j] = accumulate ? dxr[j] + value : value
                }
            }
        }
        // Column sums for gain and shift: each thread owns a block of columns (no cross-thread sums).
        let dg = SendablePointer(store.gradientPointer(gain)), ds = SendablePointer(store.gradientPointer(shift))
        let blocks = (width + 15) / 16
        parallelFor(blocks, costPerItem: rows * 16 * 3) { blockRange in
            let start = blockRange.lowerBound * 16, end = min(width, blockRange.upperBound * 16)
            for row in 0..<rows {
                let xr = xs.base + row * width, dyr = dys.base + row * width
                let m = means.base[row], r = rstds.base[row]
                for j in start..<end {
                    dg.base[j] += dyr[j] * (xr[j] - m) * r
                    ds.base[j] += dyr[j]
                }
            }
        }
    }
}
