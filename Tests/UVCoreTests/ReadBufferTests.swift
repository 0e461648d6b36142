import Testing
@testable import UVCore

@Suite struct ReadBufferTests {
    func receive(_ buffer: ReadBuffer, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let tail = buffer.reserveTail(minimum: 1)!
            let count = min(tail.count, bytes.count - offset)
            for i in 0..<count { tail[i] = bytes[offset + i] }
            buffer.didReceive(count)
            offset += count
        }
    }

    @Test func bytesAreSeenInPlaceAndConsumedFromTheFront() {
        let buffer = ReadBuffer(initialCapacity: 8, maxCapacity: 1024)
        receive(buffer, Array("hello world".utf8))
        #expect(buffer.readableCount == 11)
        #expect(buffer.withReadableBytes { $0[0] } == UInt8(ascii: "h"))
        buffer.consume(6)
        #expect(buffer.take(5) == Array("world".utf8))
        #expect(buffer.readableCount == 0)
    }

    @Test func growsUpToItsMaximumAndThenRefuses() {
        let buffer = ReadBuffer(initialCapacity: 16, maxCapacity: 64)
        receive(buffer, [UInt8](repeating: 7, count: 64))
        #expect(buffer.readableCount == 64)
        #expect(buffer.reserveTail(minimum: 1) == nil)  // full at the maximum: libuv gets no buffer (ENOBUFS)
        buffer.consume(32)
        #expect(buffer.reserveTail(minimum: 1) != nil)  // compaction frees the front
        #expect(buffer.withReadableBytes { $0.count } == 32)
    }

    @Test func compactionKeepsUnconsumedBytesInOrder() {
        let buffer = ReadBuffer(initialCapacity: 32, maxCapacity: 32)
        let data = (0..<32).map { UInt8($0) }
        receive(buffer, data)
        buffer.consume(20)
        receive(buffer, [100, 101])
        #expect(buffer.take(buffer.readableCount) == Array(data[20...]) + [100, 101])
    }
}
