// Splits an elementwise or row-wise loop over the configured threads. Each index range is
// processed by exactly one thread and nothing is reduced across threads, so results do not
// depend on the thread count.
import Dispatch

/// A pointer that may cross into the worker closures (each worker touches a disjoint range).
struct SendablePointer<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
    @inline(__always) init(_ base: UnsafeMutablePointer<T>) { self.base = base }
    @inline(__always) init(_ base: UnsafePointer<T>) { self.base = UnsafeMutablePointer(mutating: base) }
}

/// Runs `body` over `0..<count` split into contiguous ranges, one per thread, when the work is
/// large enough (`count * costPerItem` above ~32k simple operations); otherwise runs it inline.
@inline(__always)
func parallelFor(_ count: Int, costPerItem: Int = 1, _ body: (Range<Int>) -> Void) {
    let threads = TensorThreads.count
    if threads == 1 || count < 2 || count * costPerItem < 32_768 {
        body(0..<count)
        return
    }
    let parts = min(threads, count)
    withoutActuallyEscaping(body) { body in
        let box = UncheckedSendable(body)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let start = count * part / parts
            let end = count * (part + 1) / parts
            box.value(start..<end)
        }
    }
}

struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
