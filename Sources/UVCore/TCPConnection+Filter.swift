internal import CLibUV

extension TCPConnection {
    /// Size of the scratch area raw bytes are read into when a filter is installed (a TLS record and its header).
    static let filterScratchSize = 17 * 1024

    /// Puts `filter` between the socket and `buffer`/`write`. Call before `startReading`.
    public func install(filter: any StreamFilter) {
        loop.assertInEventLoop()
        precondition(self.filter == nil && filterScratch == nil, "one filter per connection")
        self.filter = filter
        filterScratch = .allocate(byteCount: Self.filterScratchSize, alignment: 16)
    }

    /// The installed filter, if any (for example to ask TLS what ALPN chose).
    public var streamFilter: (any StreamFilter)? { filter }

    /// Raw bytes arrived in the scratch area: open them into `buffer`.
    func didReadFiltered(_ count: Int) {
        guard let filter, let scratch = filterScratch else { return }
        do {
            try filter.receive(UnsafeRawBufferPointer(start: scratch.baseAddress, count: count))
        } catch {
            return filterFailed(error)
        }
        openFiltered()
    }

    /// Moves what the filter holds into `buffer`, sends what it must send, and tells the delegate; repeats while the
    /// filter still holds bytes and the delegate makes room for them.
    func openFiltered() {
        guard let filter else { return }
        filterBacklogged = false
        while !isClosed {
            let before = buffer.readableCount
            let state: StreamFilterState
            do {
                state = try filter.open(into: buffer)
            } catch {
                return filterFailed(error)
            }
            let output = filter.takeOutput()
            if !output.isEmpty { writeRaw(output) }
            let filled = buffer.readableCount
            if filled > before { delegate?.connectionDidRead(self) }
            switch state {
            case .drained:
                return
            case .ended:
                if !isClosed {
                    stopReading()
                    delegate?.connectionDidEnd(self, error: nil)
                }
                return
            case .backlogged:
                if isClosed || buffer.readableCount >= filled {
                    // The reader made no room: the rest waits in the filter (and then in the kernel) until it reads.
                    stopReading()
                    filterBacklogged = true
                    return
                }
            }
        }
    }

    private func filterFailed(_ error: any Error) {
        if let output = filter?.takeOutput(), !output.isEmpty { writeRaw(output) }  // the alert, best effort
        stopReading()
        delegate?.connectionDidEnd(self, error: UVError("\(error)", code: Int32(UV_EPROTO.rawValue)))
    }
}
