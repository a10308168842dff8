// The sane ranges of the counts a command line gives (threads, ensemble members, folds, epochs):
// checked in validate(), before any work, so a typo never becomes a huge allocation or a trap.
import ArgumentParser

enum CountBounds {
    static let threads = 1...1024
    static let ensemble = 1...1000
    static let epochs = 1...100_000
    static let stackFolds = 0...100

    /// Throws a ValidationError naming `option` when `value` is outside `range`.
    static func check(_ value: Int?, _ range: ClosedRange<Int>, _ option: String) throws {
        guard let value, !range.contains(value) else { return }
        throw ValidationError("\(option) \(value): expected \(range.lowerBound) … \(range.upperBound)")
    }
}
