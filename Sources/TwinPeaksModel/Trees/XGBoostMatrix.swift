// Rows of Double features as an XGBoost DMatrix (row-major Float32, as XGBoost stores them), checked
// first: every row as wide as the first, every value finite in Float32. Plus the one helper that turns
// a failed XGBoost C call into a thrown error.

import CXGBoost
import TwinPeaksBio

/// Runs one XGBoost C call; a nonzero return code becomes `ModelError.trees` with XGBoost's message.
func xgboostCall(_ name: String, _ call: () -> Int32) throws {
    guard call() == 0 else {
        throw ModelError.trees("\(name) failed: \(String(cString: XGBGetLastError()))")
    }
}

/// An owned DMatrix; freed when the matrix goes.
final class XGBoostMatrix {
    let handle: DMatrixHandle
    let rowCount: Int
    let columnCount: Int

    /// `place` names the caller in errors ("gradient-boosted trees fit", say). A NaN, an infinity or a
    /// value beyond Float32's range is an error naming its row and column, never a missing value.
    init(_ rows: [[Double]], place: String) throws {
        let values = try Self.checkedValues(rows, place: place)
        let first = rows[0]
        var out: DMatrixHandle? = nil
        // NaN marks a missing value for XGBoost; none is left after the check above.
        try xgboostCall("XGDMatrixCreateFromMat") {
            XGDMatrixCreateFromMat(values, UInt64(rows.count), UInt64(first.count), Float.nan, &out)
        }
        handle = out!
        rowCount = rows.count
        columnCount = first.count
    }

    /// The rows' values as Float32, row after row, after the checks `init` promises: at least one
    /// row and one column, every row as wide as row 0, every value finite within Float32's range.
    /// Errors name the row and column as the caller gave them.
    static func checkedValues(_ rows: [[Double]], place: String) throws -> [Float] {
        guard let first = rows.first, !first.isEmpty else {
            throw InputError(place, rows.isEmpty ? "no rows; expected at least one" : "row 0 has no features; expected at least one")
        }
        var values: [Float] = []
        values.reserveCapacity(rows.count * first.count)
        for (r, row) in rows.enumerated() {
            guard row.count == first.count else {
                throw InputError("\(place), row \(r)", "\(row.count) features; expected \(first.count), as in row 0")
            }
            for (c, value) in row.enumerated() {
                let single = Float(value)
                guard single.isFinite else {
                    throw InputError("\(place), row \(r), column \(c)", "feature \(value); expected a finite number within Float32 range")
                }
                values.append(single)
            }
        }
        return values
    }

    /// Attaches the regression targets (one per row, finite).
    func setTargets(_ targets: [Double], place: String) throws {
        guard targets.count == rowCount else {
            throw InputError(place, "\(targets.count) targets for \(rowCount) rows; expected one per row")
        }
        if let r = targets.firstIndex(where: { !Float($0).isFinite }) {
            throw InputError("\(place), row \(r)", "target \(targets[r]); expected a finite number within Float32 range")
        }
        try xgboostCall("XGDMatrixSetFloatInfo(label)") {
            XGDMatrixSetFloatInfo(handle, "label", targets.map(Float.init), UInt64(rowCount))
        }
    }

    deinit { XGDMatrixFree(handle) }
}
