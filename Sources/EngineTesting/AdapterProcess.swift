import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The adapter as a child process: `/bin/sh -c COMMAND` started with `posix_spawn` in a process
/// group of its own, its stdin and stdout on pipes, its stderr shared with gradviz's.
///
/// Stopping it kills the whole group with SIGKILL, so whatever the command started (`go run`
/// builds and runs a second process, a shell pipeline several) goes with it.
final class AdapterProcess {
    let pid: pid_t
    /// gradviz writes the protocol here (the adapter's stdin).
    let input: Int32
    /// gradviz reads answers here (the adapter's stdout).
    let output: Int32
    private(set) var exitStatus: (status: Int32?, signal: Int32?)?

    init(command: String) throws(EngineSessionError) {
        var toChild: [Int32] = [-1, -1]
        var fromChild: [Int32] = [-1, -1]
        guard pipe(&toChild) == 0 else {
            throw .couldNotStart("no pipe: \(String(cString: strerror(errno)))")
        }
        guard pipe(&fromChild) == 0 else {
            close(toChild[0])
            close(toChild[1])
            throw .couldNotStart("no pipe: \(String(cString: strerror(errno)))")
        }
        // Not inherited by other children (the dup2 below gives the adapter its own copies).
        for descriptor in toChild + fromChild { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group (to kill everything it starts); default signal handling (gradviz
        // ignores SIGPIPE, and an ignored signal would stay ignored across exec); no blocked signals.
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGPIPE, SIGINT, SIGTERM, SIGHUP] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let arguments = ["/bin/sh", "-c", command]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, "/bin/sh", &actions, &attributes, &argv, environ)
        close(toChild[0])
        close(fromChild[1])
        guard result == 0 else {
            close(toChild[1])
            close(fromChild[0])
            throw .couldNotStart(String(cString: strerror(result)))
        }
        pid = child
        input = toChild[1]
        output = fromChild[0]
        // gradviz's writes must fail with EPIPE, not kill it, when the adapter is gone.
        signal(SIGPIPE, SIG_IGN)
        _ = fcntl(input, F_SETFL, fcntl(input, F_GETFL) | O_NONBLOCK)
    }

    /// The exit status, reaping the child, waiting at most `seconds` for it to exit.
    func waitForExit(seconds: Double) -> (status: Int32?, signal: Int32?)? {
        if let exitStatus { return exitStatus }
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                let low = status & 0x7f
                exitStatus = low == 0 ? ((status >> 8) & 0xff, nil) : (nil, low)
                return exitStatus
            }
            if result < 0 && errno != EINTR {
                exitStatus = (nil, nil)
                return exitStatus
            }
            if Date() >= deadline { return nil }
            usleep(2_000)
        }
    }

    /// Ends the adapter: closes its stdin (a polite adapter exits on EOF), gives it `grace`
    /// seconds, then kills its whole process group and reaps it.
    func stop(grace: Double) {
        close(input)
        if waitForExit(seconds: grace) == nil {
            kill(-pid, SIGKILL)
            _ = waitForExit(seconds: 5)
        }
        // Anything the adapter started and left running goes too.
        kill(-pid, SIGKILL)
        close(output)
    }

    /// Kills the process group at once (a time-out or a flood) and reaps the child.
    func killGroup() {
        kill(-pid, SIGKILL)
        _ = waitForExit(seconds: 5)
    }
}
