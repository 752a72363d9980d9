#include "engine/core/process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "engine/core/error.h"

extern char** environ;

namespace riverdelta::core {

namespace {

class FileDescriptor {
  public:
    explicit FileDescriptor(int fd = -1) : fd_(fd) {}
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    ~FileDescriptor() { reset(); }
    void reset() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }
    [[nodiscard]] int get() const { return fd_; }

  private:
    int fd_;
};

[[noreturn]] void childFail(int fd, const char* what) {
    const char* reason = std::strerror(errno);
    [[maybe_unused]] auto a = ::write(fd, what, std::strlen(what));
    [[maybe_unused]] auto b = ::write(fd, ": ", 2);
    [[maybe_unused]] auto c = ::write(fd, reason, std::strlen(reason));
    _exit(127);
}

}  // namespace

std::optional<std::string> findExecutable(const std::string& name) {
    if (name.find('/') != std::string::npos) {
        if (::access(name.c_str(), X_OK) == 0) return name;
        return std::nullopt;
    }
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= dirs.size()) {
        auto end = dirs.find(':', start);
        if (end == std::string::npos) end = dirs.size();
        std::string candidate = dirs.substr(start, end - start) + "/" + name;
        if (end > start && ::access(candidate.c_str(), X_OK) == 0) return candidate;
        start = end + 1;
    }
    return std::nullopt;
}

ProcessResult runProcess(const std::vector<std::string>& argv, const ProcessOptions& options) {
    ProcessResult result;
    if (argv.empty()) {
        result.output = "no program given";
        return result;
    }
    auto program = findExecutable(argv[0]);
    if (!program) {
        result.output = argv[0] + ": not found";
        return result;
    }

    // Prepare everything the child needs before fork: only async-signal-safe calls after it.
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const auto& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);

    std::vector<std::string> envStrings;
    for (char** e = environ; *e; ++e)
        envStrings.emplace_back(*e);
    std::string homeForUser;
    if (options.runAsUser) {
        if (const passwd* pw = ::getpwuid(*options.runAsUser)) {
            homeForUser = std::string("HOME=") + pw->pw_dir;
            std::erase_if(envStrings, [](const std::string& s) { return s.starts_with("HOME="); });
            envStrings.push_back(homeForUser);
        }
    }
    for (const auto& e : options.extraEnvironment)
        envStrings.push_back(e);
    std::vector<char*> env;
    env.reserve(envStrings.size() + 1);
    for (auto& e : envStrings)
        env.push_back(e.data());
    env.push_back(nullptr);

    int pipeFds[2];
    if (::pipe2(pipeFds, O_CLOEXEC) != 0) {
        result.output = std::string("pipe: ") + std::strerror(errno);
        return result;
    }
    FileDescriptor readEnd(pipeFds[0]);
    FileDescriptor writeEnd(pipeFds[1]);

    pid_t pid = ::fork();
    if (pid < 0) {
        result.output = std::string("fork: ") + std::strerror(errno);
        return result;
    }
    if (pid == 0) {
        ::setpgid(0, 0);
        int devNull = ::open("/dev/null", O_RDONLY);
        if (devNull >= 0) ::dup2(devNull, STDIN_FILENO);
        ::dup2(writeEnd.get(), STDOUT_FILENO);
        ::dup2(writeEnd.get(), STDERR_FILENO);
        if (!options.workingDirectory.empty() && ::chdir(options.workingDirectory.c_str()) != 0)
            childFail(STDERR_FILENO, "chdir");
        if (options.runAsUser) {
            gid_t gid = options.runAsGroup.value_or(*options.runAsUser);
            if (::setgroups(0, nullptr) != 0) childFail(STDERR_FILENO, "setgroups");
            if (::setgid(gid) != 0) childFail(STDERR_FILENO, "setgid");
            if (::setuid(*options.runAsUser) != 0) childFail(STDERR_FILENO, "setuid");
        }
        ::execve(program->c_str(), args.data(), env.data());
        childFail(STDERR_FILENO, "exec");
    }
    writeEnd.reset();

    const auto deadline = std::chrono::steady_clock::now() + options.timeout;
    std::array<char, 4096> buffer{};
    for (;;) {
        auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (remaining.count() <= 0) {
            ::kill(-pid, SIGKILL);
            result.timedOut = true;
            break;
        }
        pollfd pfd{readEnd.get(), POLLIN, 0};
        int ready = ::poll(&pfd, 1, static_cast<int>(std::min<long>(remaining.count(), 1000)));
        if (ready < 0 && errno != EINTR) break;
        if (ready <= 0) continue;
        ssize_t n = ::read(readEnd.get(), buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;  // EOF: the child (and anything it spawned with our pipe) closed it
        result.output.append(buffer.data(), static_cast<std::size_t>(n));
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!result.timedOut) {
        if (WIFEXITED(status))
            result.exitCode = WEXITSTATUS(status);
        else if (WIFSIGNALED(status))
            result.output += "\nkilled by signal " + std::to_string(WTERMSIG(status));
    } else {
        result.output += "\ntimed out after " + std::to_string(options.timeout.count()) + " ms";
    }
    return result;
}

namespace {
int bindLoopback(int port) {
    FileDescriptor fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (fd.get() < 0) return -1;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return -1;
    socklen_t len = sizeof addr;
    if (::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&addr), &len) != 0) return -1;
    return ntohs(addr.sin_port);
}
}  // namespace

int freeLoopbackPort() {
    int port = bindLoopback(0);
    if (port <= 0)
        throw Error(std::string("cannot find a free loopback port: ") + std::strerror(errno));
    return port;
}

bool loopbackPortIsFree(int port) {
    return bindLoopback(port) == port;
}

}  // namespace riverdelta::core
