// TensorThreads: how many threads OpenBLAS and the elementwise kernels use, from an explicit
// setting or OPENBLAS_NUM_THREADS.
import CBLAS
import Foundation

public enum TensorThreads {
    /// Sets the thread count: `explicit` when given, else OPENBLAS_NUM_THREADS when set, else
    /// OpenBLAS's own default (all cores). Returns the count in effect.
    @discardableResult
    public static func configure(explicit: Int? = nil) throws -> Int {
        if let explicit {
            guard explicit >= 1 else {
                throw TensorError.invalidArgument("thread count \(explicit): expected at least 1")
            }
            openblas_set_num_threads(Int32(explicit))
        } else if let text = ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] {
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)), value >= 1 else {
                throw TensorError.invalidArgument(
                    "OPENBLAS_NUM_THREADS=\(text): expected a whole number of at least 1")
            }
            openblas_set_num_threads(Int32(value))
        }
        return count
    }

    /// The thread count in effect (OpenBLAS's, which the elementwise kernels follow too).
    public static var count: Int { max(1, Int(openblas_get_num_threads())) }
}
