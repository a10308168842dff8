// MD5 against the RFC 1321 test suite (appendix A.5) and across block boundaries.
import Testing
@testable import TwinPeaksBio

@Test func md5MatchesTheRFC1321TestSuite() {
    let vectors: [(String, String)] = [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("a", "0cc175b9c0f1b6a831c399e269772661"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
        ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
        ("12345678901234567890123456789012345678901234567890123456789012345678901234567890",
         "57edf4a22be3c955ac49da2e2107b67a"),
    ]
    for (text, digest) in vectors { #expect(MD5.hex(text) == digest, "MD5(\"\(text)\")") }
}

@Test func md5GivesTheSameDigestWhateverTheChunking() {
    let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
    let whole = MD5.hex(bytes)
    for chunk in [1, 55, 56, 63, 64, 65, 200] {
        var md5 = MD5()
        var start = 0
        while start < bytes.count {
            md5.update(bytes[start..<min(start + chunk, bytes.count)])
            start += chunk
        }
        #expect(md5.finalHex() == whole, "chunks of \(chunk)")
    }
}

@Test func sequenceKeysAreTheDigestOfTheUpperCaseSequence() {
    // Independent value: `printf MKV | md5sum`.
    #expect(MD5.sequenceKey("mkv") == MD5.hex("MKV"))
    #expect(MD5.hex("MKV") == "bc5a0dfbf35ec22ac2c0f8c1e5534d8e")
}
