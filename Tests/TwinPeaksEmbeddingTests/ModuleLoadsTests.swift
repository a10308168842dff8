import Testing
@testable import TwinPeaksEmbedding
