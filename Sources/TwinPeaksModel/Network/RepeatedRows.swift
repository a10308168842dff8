// Rows of a batch that hold the same partner: in a mutational scan every row carries the unmutated
// partner unchanged (and the wild-type row repeats in every pass), so its window embedding and
// self-attention encoder are computed once and copied. Only in evaluation mode: in training each
// row draws its own dropout. (A backward through an evaluation pass, as the gradient checks run,
// sums the copies' gradients into their distinct row: `reduce`.)
//
// The distinct rows keep the batch's padded length, and the products are row-stable in evaluation
// mode (`RowStableProducts`), so a copied row has exactly the bits it would have had alone.

import Foundation
import TwinPeaksTensor

struct RepeatedRows {
    /// Batch row → index of its distinct row.
    let distinctIndex: [Int]
    /// The first batch row of each distinct row.
    let representatives: [Int]

    var allDistinct: Bool { representatives.count == distinctIndex.count }

    /// Groups the rows of `partner` ([B, L, D] with lengths) that have equal lengths and features,
    /// compared bit for bit (−0 and +0 are different rows). A cheap digest finds the candidates.
    init(_ partner: PartnerEncoder.PartnerResidues) {
        let rows = partner.lengths.count
        let rowSize = rows == 0 ? 0 : partner.features.count / rows
        var candidates: [UInt64: [Int]] = [:]  // digest → distinct indices
        var distinctIndex: [Int] = [], representatives: [Int] = []
        partner.features.withUnsafeBufferPointer { values in
            let base = UnsafeRawPointer(values.baseAddress)
            func digest(_ r: Int) -> UInt64 {
                // FNV-1a over the bit patterns, and the length.
                var h: UInt64 = 0xcbf29ce484222325 ^ UInt64(partner.lengths[r])
                for v in values[(r * rowSize)..<((r + 1) * rowSize)] { h = (h ^ UInt64(v.bitPattern)) &* 0x100000001b3 }
                return h
            }
            func same(_ a: Int, _ b: Int) -> Bool {
                partner.lengths[a] == partner.lengths[b]
                    && memcmp(base! + a * rowSize * 4, base! + b * rowSize * 4, rowSize * 4) == 0
            }
            for r in 0..<rows {
                let key = digest(r)
                if let index = candidates[key]?.first(where: { same(representatives[$0], r) }) {
                    distinctIndex.append(index)
                } else {
                    candidates[key, default: []].append(representatives.count)
                    distinctIndex.append(representatives.count)
                    representatives.append(r)
                }
            }
        }
        self.distinctIndex = distinctIndex
        self.representatives = representatives
    }

    /// The distinct rows of `partner`, padded as the whole batch is.
    func distinct(_ partner: PartnerEncoder.PartnerResidues) throws -> PartnerEncoder.PartnerResidues {
        PartnerEncoder.PartnerResidues(features: try Self.rows(representatives, of: partner.features),
                                       lengths: representatives.map { partner.lengths[$0] })
    }

    /// [U, …] per distinct row → [B, …] per batch row.
    func expand(_ x: Tensor) throws -> Tensor {
        try Self.rows(distinctIndex, of: x)
    }

    /// Backward of `expand`: [B, …] per batch row → [U, …], each distinct row the sum of its copies.
    func reduce(_ dx: Tensor) throws -> Tensor {
        guard dx.rank >= 1, dx.shape[0] == distinctIndex.count else {
            throw TensorError.shapeMismatch("repeated rows: gradient of shape \(dx.shape), expected \(distinctIndex.count) rows")
        }
        let rowSize = dx.shape[0] == 0 ? 0 : dx.count / dx.shape[0]
        var values = [Float](repeating: 0, count: representatives.count * rowSize)
        dx.withUnsafeBufferPointer { dx in
            for (r, u) in distinctIndex.enumerated() {
                for k in 0..<rowSize { values[u * rowSize + k] += dx[r * rowSize + k] }
            }
        }
        return try Tensor(shape: [representatives.count] + dx.shape.dropFirst(), values: values)
    }

    /// The rows `indices` (along axis 0) of `x`, in that order.
    static func rows(_ indices: [Int], of x: Tensor) throws -> Tensor {
        guard x.rank >= 1 else { throw TensorError.shapeMismatch("repeated rows: a scalar has no rows") }
        let rowSize = x.shape[0] == 0 ? 0 : x.count / x.shape[0]
        var values: [Float] = []
        values.reserveCapacity(indices.count * rowSize)
        x.withUnsafeBufferPointer { x in
            for i in indices { values.append(contentsOf: x[(i * rowSize)..<((i + 1) * rowSize)]) }
        }
        return try Tensor(shape: [indices.count] + x.shape.dropFirst(), values: values)
    }
}
