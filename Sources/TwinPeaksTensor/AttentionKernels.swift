// The attention core on raw buffers: for each (batch entry, head), scores by sgemm, masked
// softmax, optional dropout, and the weighted sum of values by sgemm; and the backward of all of
// it. Heads are read in place from the projection buffers through sgemm's row strides. Units run
// in parallel, one thread each with single-threaded sgemm (a 128×128×32 product is too small to
// split across threads profitably).
import CBLAS
import Dispatch

/// Where queries, keys and values sit in the projection buffers.
struct AttentionLayout {
    let batch: Int, queryLength: Int, keyLength: Int, width: Int, heads: Int
    /// Row strides of the query buffer and of the key/value buffer (3W for fused QKV).
    let queryStride: Int, keyValueStride: Int
    /// Column offsets of keys and values within a key/value row.
    let keyOffset: Int, valueOffset: Int
    var headWidth: Int { width / heads }
    var scale: Float { 1 / Float(headWidth).squareRoot() }
    var units: Int { batch * heads }
    var probabilitiesPerUnit: Int { queryLength * keyLength }
}

/// For unit (b, h): P = softmax_mask(Q·Kᵀ/√d) into `probabilities` [B, H, Tq, Tk], and
/// attended[b, :, h·d..<(h+1)·d] = drop(P)·V.
/// `maskBias` [B, Tk] holds 0 for real keys and −∞ for padding, `maskKeep` 1 and 0.
func attentionForward(_ layout: AttentionLayout, queries: UnsafePointer<Float>, keyValues: UnsafePointer<Float>,
                      maskBias: UnsafePointer<Float>, maskKeep: UnsafePointer<Float>, dropoutScale: UnsafePointer<Float>?,
                      probabilities: UnsafeMutablePointer<Float>, attended: UnsafeMutablePointer<Float>) {
    let (tq, tk, d) = (layout.queryLength, layout.keyLength, layout.headWidth)
    let qs = SendablePointer(queries), kvs = SendablePointer(keyValues), ps = SendablePointer(probabilities)
    let biases = SendablePointer(maskBias), keeps = SendablePointer(maskKeep), outs = SendablePointer(attended)
    let drops = dropoutScale.map { SendablePointer($0) }
    forEachAttentionUnit(layout) { units in
        let dropped = UnsafeMutablePointer<Float>.allocate(capacity: drops == nil ? 0 : tq * tk)
        defer { dropped.deallocate() }
        for unit in units {
            let (b, h) = (unit / layout.heads, unit % layout.heads)
            let q = qs.base + b * tq * layout.queryStride + h * d
            let k = kvs.base + b * tk * layout.keyValueStride + layout.keyOffset + h * d
            let v = kvs.base + b * tk * layout.keyValueStride + layout.valueOffset + h * d
            let p = ps.base + unit * tq * tk
            // S = Q·Kᵀ  [Tq, Tk]   (the 1/√d scale is applied inside the softmax)
            sgemm(transposeB: true, m: tq, n: tk, k: d, a: q, lda: layout.queryStride,
                  b: k, ldb: layout.keyValueStride, beta: 0, c: p, ldc: tk)
            for i in 0..<tq {
                maskedSoftmaxRow(p + i * tk, count: tk, scale: layout.scale, bias: biases.base + b * tk,
                                 keep: keeps.base + b * tk)
            }
            var weights = UnsafePointer(p)
            if let drops {
                let scale = drops.base + unit * tq * tk
                for i in 0..<(tq * tk) { dropped[i] = p[i] * scale[i] }
                weights = UnsafePointer(dropped)
            }
            // O = drop(P)·V  [Tq, d] into the head's columns of `attended`
            sgemm(m: tq, n: d, k: tk, a: weights, lda: tk, b: v, ldb: layout.keyValueStride,
                  beta: 0, c: outs.base + b * tq * layout.width + h * d, ldc: layout.width)
        }
    }
}

/// Backward of `attentionForward` for unit (b, h), with Pd = drop(P):
///   O = Pd·V            ⇒ dPd = dO·Vᵀ,  dV = Pdᵀ·dO
///   Pd = P ⊙ scale      ⇒ dP = dPd ⊙ scale
///   P = softmax(S/√d)   ⇒ dS = P ⊙ (dP − Σ_j dP⊙P) / √d
///   S = Q·Kᵀ            ⇒ dQ = dS·K,  dK = dSᵀ·Q
/// dQ, dK, dV are written (not added) into `dQueries` / `dKeyValues` at the same layout as the
/// projections; for self-attention both point at the one d[q|k|v] buffer.
func attentionBackward(_ layout: AttentionLayout, dAttended: UnsafePointer<Float>, queries: UnsafePointer<Float>,
                       keyValues: UnsafePointer<Float>, probabilities: UnsafePointer<Float>,
                       dropoutScale: UnsafePointer<Float>?, dQueries: UnsafeMutablePointer<Float>,
                       dKeyValues: UnsafeMutablePointer<Float>) {
    let (tq, tk, d) = (layout.queryLength, layout.keyLength, layout.headWidth)
    let qs = SendablePointer(queries), kvs = SendablePointer(keyValues), ps = SendablePointer(probabilities)
    let das = SendablePointer(dAttended), dqs = SendablePointer(dQueries), dkvs = SendablePointer(dKeyValues)
    let drops = dropoutScale.map { SendablePointer($0) }
    forEachAttentionUnit(layout) { units in
        let ds = UnsafeMutablePointer<Float>.allocate(capacity: tq * tk)
        let dropped = UnsafeMutablePointer<Float>.allocate(capacity: drops == nil ? 0 : tq * tk)
        defer { ds.deallocate(); dropped.deallocate() }
        do {
            for unit in units {
                let (b, h) = (unit / layout.heads, unit % layout.heads)
                let q = qs.base + b * tq * layout.queryStride + h * d
                let k = kvs.base + b * tk * layout.keyValueStride + layout.keyOffset + h * d
                let v = kvs.base + b * tk * layout.keyValueStride + layout.valueOffset + h * d
                let dq = dqs.base + b * tq * layout.queryStride + h * d
                let dk = dkvs.base + b * tk * layout.keyValueStride + layout.keyOffset + h * d
                let dv = dkvs.base + b * tk * layout.keyValueStride + layout.valueOffset + h * d
                let p = ps.base + unit * tq * tk
                let dO = das.base + b * tq * layout.width + h * d
                var weights = UnsafePointer(p)
                if let drops {
                    let scale = drops.base + unit * tq * tk
                    for i in 0..<(tq * tk) { dropped[i] = p[i] * scale[i] }
                    weights = UnsafePointer(dropped)
                }
                // dPd = dO·Vᵀ  [Tq, Tk]
                sgemm(transposeB: true, m: tq, n: tk, k: d, a: dO, lda: layout.width,
                      b: v, ldb: layout.keyValueStride, beta: 0, c: ds, ldc: tk)
                // dV = Pdᵀ·dO  [Tk, d]
                sgemm(transposeA: true, m: tk, n: d, k: tq, a: weights, lda: tk,
                      b: dO, ldb: layout.width, beta: 0, c: dv, ldc: layout.keyValueStride)
                if let drops {
                    let scale = drops.base + unit * tq * tk
                    for i in 0..<(tq * tk) { ds[i] *= scale[i] }
                }
                // dS = P ⊙ (dP − Σ dP⊙P) / √d, row by row, in place
                for i in 0..<tq { softmaxRowBackwardInPlace(ds + i * tk, p + i * tk, count: tk, scale: layout.scale) }
                // dQ = dS·K  [Tq, d];  dK = dSᵀ·Q  [Tk, d]
                sgemm(m: tq, n: d, k: tk, a: ds, lda: tk, b: k, ldb: layout.keyValueStride,
                      beta: 0, c: dq, ldc: layout.queryStride)
                sgemm(transposeA: true, m: tk, n: d, k: tq, a: ds, lda: tk, b: q, ldb: layout.queryStride,
                      beta: 0, c: dk, ldc: layout.keyValueStride)
            }
        }
    }
}

/// Runs `body` over ranges of attention units (batch entry × head), one range per thread, with
/// OpenBLAS single-threaded meanwhile (restored after).
func forEachAttentionUnit(_ layout: AttentionLayout, _ body: (Range<Int>) -> Void) {
    let threads = TensorThreads.count
    if threads == 1 || layout.units < 2 {
        body(0..<layout.units)
        return
    }
    openblas_set_num_threads(1)
    defer { openblas_set_num_threads(Int32(threads)) }
    let parts = min(threads, layout.units), units = layout.units
    withoutActuallyEscaping(body) { body in
        let box = UncheckedSendable(body)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            box.value((units * part / parts)..<(units * (part + 1) / parts))
        }
    }
}
