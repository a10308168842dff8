// The tensor form shared by the wide paths' descriptor expansions (hinges, products): each row of
// a [N, D] tensor through the expansion's own row function, into [N, expanded width].

import TwinPeaksTensor

enum RowExpansion {
    static func expand(_ tensor: Tensor, width expandedWidth: Int, _ row: ([Float]) -> [Float]) throws -> Tensor {
        let rows = tensor.shape[0], width = tensor.shape[1]
        var values: [Float] = []
        values.reserveCapacity(rows * expandedWidth)
        tensor.withUnsafeBufferPointer { t in
            for i in 0..<rows { values += row(Array(t[(i * width)..<((i + 1) * width)])) }
        }
        return try Tensor(shape: [rows, expandedWidth], values: values)
    }
}
