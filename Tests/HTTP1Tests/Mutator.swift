import TestSupport
/// Derives hostile inputs from valid ones: flipped, inserted, deleted, duplicated and truncated bytes.
struct Mutator {
    static let interesting: [UInt8] = [0, 9, 10, 13, 32, 34, 44, 58, 59, 61, 92, 0x7F, 0x80, 0xFF, 0x30, 0x66]

    var generator: SplitMix64

    mutating func mutate(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        let rounds = Int.random(in: 1...4, using: &generator)
        for _ in 0..<rounds {
            bytes = mutateOnce(bytes)
        }
        return bytes
    }

    mutating func randomBytes(maxCount: Int) -> [UInt8] {
        let count = Int.random(in: 0...maxCount, using: &generator)
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    private mutating func mutateOnce(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        guard !bytes.isEmpty else { return randomBytes(maxCount: 16) }
        let position = Int.random(in: 0..<bytes.count, using: &generator)
        switch Int.random(in: 0..<6, using: &generator) {
        case 0: bytes[position] = UInt8.random(in: 0...255, using: &generator)
        case 1: bytes[position] = Self.interesting.randomElement(using: &generator) ?? 0
        case 2: bytes.insert(Self.interesting.randomElement(using: &generator) ?? 0, at: position)
        case 3: bytes.remove(at: position)
        case 4:
            let end = min(bytes.count, position + Int.random(in: 1...32, using: &generator))
            bytes.insert(contentsOf: bytes[position..<end], at: position)
        default: bytes.removeSubrange(position...)
        }
        return bytes
    }
}
