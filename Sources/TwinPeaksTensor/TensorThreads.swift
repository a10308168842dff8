// TensorThreads: how many threads OpenBLAS and the elementwise kernels use, from an explicit
// setting or OPENBLAS_NUM_THREADS; `configure` also tunes glibc's allocator for large activations.
import CBLAS
import Foundation

public enum TensorThreads {
    /// Sets the thread count: `explicit` when given, else OPENBLAS_NUM_THREADS when set, else
    /// OpenBLAS's own default (all cores). Returns the count in effect.
    ///
    /// It also asks glibc's malloc to serve blocks up to 32 MiB from its heap and to keep freed
    /// memory: a training step allocates and frees ~150 MB of activations, and without this each
    /// step maps fresh pages and page-faults on every one of them (measured: ~40,000 faults and
    /// ~15 % of the time of an encoder layer step).
    @discardableResult
    public static func configure(explicit: Int? = nil) throws -> Int {
        _ = allocatorTuned
        if let explicit {
            guard (1...maximum).contains(explicit) else {
                throw TensorError.invalidArgument("thread count \(explicit): expected 1 … \(maximum)")
            }
            apply(explicit)
        } else if let text = ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] {
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)), (1...maximum).contains(value) else {
                throw TensorError.invalidArgument(
                    "OPENBLAS_NUM_THREADS=\(text): expected a whole number of 1 … \(maximum)")
            }
            apply(value)
        }
        return count
    }

    /// The most threads accepted (OpenBLAS takes an Int32; no machine this runs on has more cores).
    public static let maximum = 1024

    private static let allocatorTuned: Bool = {
        // mallopt is glibc's (malloc.h, which Swift's Glibc module does not export): look it up,
        // and do nothing on other C libraries. M_TRIM_THRESHOLD = -1, M_MMAP_THRESHOLD = -3.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(-3, 32 << 20)
        _ = mallopt(-1, Int32.max)
        return true
    }()

    private static func apply(_ threads: Int) {
        openblas_set_num_threads(Int32(threads))
    }

    /// The thread count in effect (OpenBLAS's, which the elementwise kernels follow too).
    public static var count: Int { max(1, Int(openblas_get_num_threads())) }
}
