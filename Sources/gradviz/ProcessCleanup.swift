import CSystem
import Foundation

/// What must not outlive gradviz when it is stopped: the temporary file of an output being
/// written and a child renderer.
///
/// Both are kept in memory allocated once, before any handler is installed, so the signal
/// handler only reads plain memory and makes async-signal-safe calls (`unlink`, `kill`,
/// `write`, `_exit`). On SIGINT, SIGTERM or SIGHUP it removes the registered temporary file,
/// passes the signal on to the child and exits with 128 + the signal's number (130, 143, 129).
/// During training the first SIGINT only stops the training (see ``catchInterrupt(_:)``).
enum ProcessCleanup {
    /// Longest temporary path that can be registered (longer ones are not removed on a signal).
    static let pathCapacity = 4096

    private struct Storage {
        /// The registered temporary file's path, NUL-terminated; empty when none.
        let path: UnsafeMutablePointer<CChar>
        /// The child renderer's process id; 0 when none.
        let child: UnsafeMutablePointer<pid_t>
        /// The process group of a test-engine adapter (its leader's id); 0 when none.
        let group: UnsafeMutablePointer<pid_t>
        /// 1 while a SIGINT only asks the work to stop (training), else 0.
        let interruptible: UnsafeMutablePointer<sig_atomic_t>
        /// 1 once such a SIGINT came.
        let interrupted: UnsafeMutablePointer<sig_atomic_t>
    }

    nonisolated(unsafe) private static let storage: Storage = {
        let path = UnsafeMutablePointer<CChar>.allocate(capacity: pathCapacity + 1)
        path.initialize(repeating: 0, count: pathCapacity + 1)
        let child = UnsafeMutablePointer<pid_t>.allocate(capacity: 1)
        child.initialize(to: 0)
        let group = UnsafeMutablePointer<pid_t>.allocate(capacity: 1)
        group.initialize(to: 0)
        let interruptible = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
        interruptible.initialize(to: 0)
        let interrupted = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
        interrupted.initialize(to: 0)
        return Storage(path: path, child: child, group: group, interruptible: interruptible, interrupted: interrupted)
    }()

    /// Installs the handlers for SIGINT, SIGTERM and SIGHUP and ignores SIGPIPE (a reader that
    /// went away shows up as EPIPE, handled where output is written) and SIGXFSZ.
    ///
    /// Call once, at start-up.
    static func install() {
        _ = storage
        signal(SIGPIPE, SIG_IGN)
        // A file past `ulimit -f` shows up as EFBIG, reported where output is written (the
        // temporary file removed), instead of a SIGXFSZ that ends the process mid-write.
        signal(SIGXFSZ, SIG_IGN)
        // A parent may start gradviz with these signals blocked (Foundation's `Process` does):
        // they are unblocked, so a stop is never left pending.
        var stops = sigset_t()
        sigemptyset(&stops)
        for number in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&stops, number) }
        sigprocmask(SIG_UNBLOCK, &stops, nil)
        for number in [SIGINT, SIGTERM, SIGHUP] {
            var action = sigaction()
            #if os(Linux)
            action.__sigaction_handler.sa_handler = handleSignal
            #else
            action.__sigaction_u.__sa_handler = handleSignal
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(number, &action, nil)
        }
    }

    /// Marks `path` as a temporary file to remove if gradviz is stopped before it is renamed.
    static func registerTemporaryFile(_ path: String) {
        let bytes = Array(path.utf8)
        guard bytes.count <= pathCapacity else { return }
        storage.path[0] = 0
        for (index, byte) in bytes.enumerated().dropFirst() { storage.path[index] = CChar(bitPattern: byte) }
        storage.path[bytes.count] = 0
        if let first = bytes.first { storage.path[0] = CChar(bitPattern: first) }
    }

    /// The temporary file was renamed or removed: nothing to clean up any more.
    static func clearTemporaryFile() { storage.path[0] = 0 }

    /// Marks `pid` as the child renderer, to stop with gradviz.
    static func registerChild(_ pid: pid_t) { storage.child.pointee = pid }

    static func clearChild() { storage.child.pointee = 0 }

    /// Marks `leader`'s process group (a test-engine adapter and all it started) to be killed
    /// with gradviz.
    static func registerChildGroup(_ leader: pid_t) { storage.group.pointee = leader }

    static func clearChildGroup() { storage.group.pointee = 0 }

    /// While `on`, the first SIGINT (Ctrl-C) does not end the process: it is noted for the work
    /// to see (``wasInterrupted``), so training can stop at the end of its step and say what it
    /// wrote.
    ///
    /// A second SIGINT ends the process as usual.
    static func catchInterrupt(_ on: Bool) { storage.interruptible.pointee = on ? 1 : 0 }

    /// Whether a SIGINT came while ``catchInterrupt(_:)`` was on.
    static var wasInterrupted: Bool { storage.interrupted.pointee != 0 }

    /// Removes the temporary file, kills the child, writes `message` (one line) to stderr and
    /// ends the process with `status` at once.
    ///
    /// Used when a deadline passes while work that cannot be cancelled (a Graphviz layout, DOT
    /// generation) is still running.
    static func stop(message: String, status: Int32) -> Never {
        let child = storage.child.pointee
        if child > 0 {
            kill(child, SIGKILL)
            // Reaped here, so it is gone (not a zombie) when gradviz exits, and its resource
            // use counts as gradviz's (`/usr/bin/time`).
            waitpid(child, nil, 0)
        }
        let group = storage.group.pointee
        if group > 0 { kill(-group, SIGKILL) }
        if storage.path[0] != 0 { unlink(storage.path) }
        Diagnostics.error(message)
        _exit(status)
    }

    /// In the child renderer: die with the parent.
    ///
    /// The kernel sends SIGKILL when the parent exits for any reason, even SIGKILL; a parent
    /// that died before the call was made is caught by comparing the parent's id. Returns false
    /// when the parent is already gone.
    static func dieWithParent(expectedParent: pid_t) -> Bool {
        _ = gradviz_set_parent_death_signal(SIGKILL)
        return getppid() == expectedParent
    }

    /// In the handler: whether the signal only asks the work to stop (it is noted).
    fileprivate static func deferred(signal number: Int32) -> Bool {
        guard number == SIGINT, storage.interruptible.pointee != 0, storage.interrupted.pointee == 0 else {
            return false
        }
        storage.interrupted.pointee = 1
        return true
    }

    fileprivate static func cleanUp(signal number: Int32) {
        if storage.path[0] != 0 { unlink(storage.path) }
        let child = storage.child.pointee
        if child > 0 { kill(child, number) }
        let group = storage.group.pointee
        if group > 0 { kill(-group, SIGKILL) }
    }
}

/// The signal handler: async-signal-safe calls only.
private func handleSignal(_ number: Int32) {
    if ProcessCleanup.deferred(signal: number) { return }
    ProcessCleanup.cleanUp(signal: number)
    _exit(128 + number)
}
