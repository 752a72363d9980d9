// Linked into every executable of a ThreadSanitizer build (RIVERDELTA_SANITIZE=thread) only.
//
// librdkafka 2.0 runs its threads and locks on C11 <threads.h> (thrd_create, mtx_lock, cnd_wait).
// glibc (2.34+) implements those by calling its internal __pthread_* functions directly, so the
// pthread interceptors of GCC 12's libtsan (and clang 14's) never see them, and neither runtime
// intercepts thrd_* itself (no thrd_ symbol in libtsan.so.2; google/sanitizers#1195). A thread
// TSan did not see start has no TSan state: its first malloc dies with SIGSEGV inside the TSan
// allocator, so every test touching Kafka crashed at once. Defining the C11 functions here, in
// the executable, interposes them for librdkafka, and they call the intercepted pthread
// functions: TSan then knows librdkafka's threads and sees its locks as the synchronisation they
// are (no false reports on data our code hands through librdkafka's queues).
// librdkafka's pthread rwlocks do reach TSan, but tsan.supp ignores what librdkafka calls itself
// (called_from_lib: its frees race with nothing we can see); the rwlock functions below forward
// from here to TSan's interceptors, so those locks still order what they guard.
// glibc's own definitions are the same one-line mappings (thrd_t is pthread_t; mtx_t, cnd_t and
// once_flag have the layout of pthread_mutex_t, pthread_cond_t and pthread_once_t).

#include <dlfcn.h>
#include <pthread.h>
#include <threads.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>

namespace {

int thrdResult(int pthreadError) {
    switch (pthreadError) {
        case 0:
            return thrd_success;
        case EBUSY:
            return thrd_busy;
        case ETIMEDOUT:
            return thrd_timedout;
        case ENOMEM:
            return thrd_nomem;
        default:
            return thrd_error;
    }
}

struct ThreadStart {
    thrd_start_t function;
    void* argument;
};

void* startThread(void* start) {
    const ThreadStart s = *static_cast<ThreadStart*>(start);
    std::free(start);
    return reinterpret_cast<void*>(static_cast<std::intptr_t>(s.function(s.argument)));
}

// The next definition after this executable's: TSan's interceptor (libtsan comes before libc).
template <class Function>
Function interceptor(const char* name) {
    return reinterpret_cast<Function>(dlsym(RTLD_NEXT, name));
}

}  // namespace

extern "C" {

int pthread_rwlock_init(pthread_rwlock_t* __restrict lock,
                        const pthread_rwlockattr_t* __restrict attr) noexcept {
    static const auto next =
        interceptor<int (*)(pthread_rwlock_t*, const pthread_rwlockattr_t*)>("pthread_rwlock_init");
    return next(lock, attr);
}

int pthread_rwlock_destroy(pthread_rwlock_t* lock) noexcept {
    static const auto next = interceptor<int (*)(pthread_rwlock_t*)>("pthread_rwlock_destroy");
    return next(lock);
}

int pthread_rwlock_rdlock(pthread_rwlock_t* lock) noexcept {
    static const auto next = interceptor<int (*)(pthread_rwlock_t*)>("pthread_rwlock_rdlock");
    return next(lock);
}

int pthread_rwlock_wrlock(pthread_rwlock_t* lock) noexcept {
    static const auto next = interceptor<int (*)(pthread_rwlock_t*)>("pthread_rwlock_wrlock");
    return next(lock);
}

int pthread_rwlock_unlock(pthread_rwlock_t* lock) noexcept {
    static const auto next = interceptor<int (*)(pthread_rwlock_t*)>("pthread_rwlock_unlock");
    return next(lock);
}

int thrd_create(thrd_t* thread, thrd_start_t function, void* argument) {
    auto* start = static_cast<ThreadStart*>(std::malloc(sizeof(ThreadStart)));
    if (!start) return thrd_nomem;
    *start = {function, argument};
    const int err = pthread_create(thread, nullptr, startThread, start);
    if (err != 0) std::free(start);
    return thrdResult(err);
}

int thrd_join(thrd_t thread, int* result) {
    void* value = nullptr;
    const int err = pthread_join(thread, &value);
    if (err == 0 && result) *result = static_cast<int>(reinterpret_cast<std::intptr_t>(value));
    return thrdResult(err);
}

int thrd_detach(thrd_t thread) {
    return thrdResult(pthread_detach(thread));
}

int mtx_init(mtx_t* mutex, int type) {
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    if (type & mtx_recursive) pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    const int err = pthread_mutex_init(reinterpret_cast<pthread_mutex_t*>(mutex), &attr);
    pthread_mutexattr_destroy(&attr);
    return thrdResult(err);
}

int mtx_lock(mtx_t* mutex) {
    return thrdResult(pthread_mutex_lock(reinterpret_cast<pthread_mutex_t*>(mutex)));
}

int mtx_trylock(mtx_t* mutex) {
    return thrdResult(pthread_mutex_trylock(reinterpret_cast<pthread_mutex_t*>(mutex)));
}

int mtx_timedlock(mtx_t* __restrict mutex, const struct timespec* __restrict deadline) {
    return thrdResult(pthread_mutex_timedlock(reinterpret_cast<pthread_mutex_t*>(mutex), deadline));
}

int mtx_unlock(mtx_t* mutex) {
    return thrdResult(pthread_mutex_unlock(reinterpret_cast<pthread_mutex_t*>(mutex)));
}

void mtx_destroy(mtx_t* mutex) {
    pthread_mutex_destroy(reinterpret_cast<pthread_mutex_t*>(mutex));
}

int cnd_init(cnd_t* cond) {
    return thrdResult(pthread_cond_init(reinterpret_cast<pthread_cond_t*>(cond), nullptr));
}

int cnd_signal(cnd_t* cond) {
    return thrdResult(pthread_cond_signal(reinterpret_cast<pthread_cond_t*>(cond)));
}

int cnd_broadcast(cnd_t* cond) {
    return thrdResult(pthread_cond_broadcast(reinterpret_cast<pthread_cond_t*>(cond)));
}

int cnd_wait(cnd_t* cond, mtx_t* mutex) {
    return thrdResult(pthread_cond_wait(reinterpret_cast<pthread_cond_t*>(cond),
                                        reinterpret_cast<pthread_mutex_t*>(mutex)));
}

int cnd_timedwait(cnd_t* __restrict cond, mtx_t* __restrict mutex,
                  const struct timespec* __restrict deadline) {
    return thrdResult(pthread_cond_timedwait(reinterpret_cast<pthread_cond_t*>(cond),
                                             reinterpret_cast<pthread_mutex_t*>(mutex), deadline));
}

void cnd_destroy(cnd_t* cond) {
    pthread_cond_destroy(reinterpret_cast<pthread_cond_t*>(cond));
}

void call_once(once_flag* flag, void (*function)()) {
    pthread_once(reinterpret_cast<pthread_once_t*>(flag), function);
}

}  // extern "C"
