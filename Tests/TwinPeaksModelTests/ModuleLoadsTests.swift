import Testing
@testable import TwinPeaksModel
