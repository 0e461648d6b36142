internal import CCurl

// libcurl's callbacks for the driver: plain functions (no captures), the driver reached through the user pointer.
// They run on the loop thread inside a curl_multi_* call, so they never call libcurl's multi functions themselves.

private func driver(_ pointer: UnsafeMutableRawPointer?) -> MultiDriver {
    Unmanaged<MultiDriver>.fromOpaque(pointer!).takeUnretainedValue()
}

/// CURLMOPT_SOCKETFUNCTION.
func driverSocketCallback(_ easy: UnsafeMutableRawPointer?, _ fd: curl_socket_t, _ what: Int32,
                          _ user: UnsafeMutableRawPointer?, _ socketData: UnsafeMutableRawPointer?) -> Int32 {
    driver(user).watch(fd, what)
}

/// CURLMOPT_TIMERFUNCTION.
func driverTimerCallback(_ multi: UnsafeMutableRawPointer?, _ milliseconds: Int, _ user: UnsafeMutableRawPointer?) -> Int32 {
    driver(user).setTimer(milliseconds)
    return 0
}

/// CURLOPT_OPENSOCKETFUNCTION (its user pointer is the transfer that connects).
func driverOpenSocketCallback(_ user: UnsafeMutableRawPointer?, _ purpose: curlsocktype,
                              _ address: UnsafeMutablePointer<curl_sockaddr>?) -> curl_socket_t {
    let transfer = Unmanaged<Transfer>.fromOpaque(user!).takeUnretainedValue()
    guard let address, let driver = transfer.driver else { return -1 }
    // libcurl's struct holds a `sockaddr_storage` there, so an IPv6 address's `addrlen` bytes are all readable.
    let start = UnsafeRawPointer(address) + MemoryLayout<curl_sockaddr>.offset(of: \.addr)!
    let peer = Array(UnsafeRawBufferPointer(start: start, count: min(Int(address.pointee.addrlen), 128)))
    return driver.openSocket(family: address.pointee.family, type: address.pointee.socktype,
                             protocol: address.pointee.protocol, peer: peer, host: transfer.host)
}

/// CURLOPT_CLOSESOCKETFUNCTION.
func driverCloseSocketCallback(_ user: UnsafeMutableRawPointer?, _ fd: curl_socket_t) -> Int32 {
    driver(user).closeSocket(fd)
}

/// CURLOPT_PREREQFUNCTION: a connection is ready for the transfer (made or reused), just before its request goes.
func transferPrereqCallback(_ user: UnsafeMutableRawPointer?, _ primaryIP: UnsafeMutablePointer<CChar>?,
                            _ localIP: UnsafeMutablePointer<CChar>?, _ primaryPort: Int32, _ localPort: Int32) -> Int32 {
    let transfer = Unmanaged<Transfer>.fromOpaque(user!).takeUnretainedValue()
    transfer.driver?.connectionReady(transfer)
    return Int32(CURL_PREREQFUNC_OK)
}
