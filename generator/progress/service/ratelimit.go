package service

import (
	"math"
	"sync"
	"time"
)

// limiter is a token bucket per key: each key may spend burst requests at
// once, refilled at rate a second.
type limiter struct {
	rate  float64
	burst float64
	now   func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// maxBuckets bounds the map; past it, buckets that have refilled (whose
// keys have been idle) are dropped, as a full bucket is the same as none.
const maxBuckets = 10000

func newLimiter(rate float64, burst int, now func() time.Time) *limiter {
	return &limiter{rate: rate, burst: float64(burst), now: now, buckets: map[string]*bucket{}}
}

// allow spends one request of key's bucket. When the bucket is empty it
// returns false and how long until the next request is allowed.
func (l *limiter) allow(key string) (bool, time.Duration) { return l.take(key, 1) }

// peek reports what allow would, without spending anything.
func (l *limiter) peek(key string) (bool, time.Duration) { return l.take(key, 0) }

func (l *limiter) take(key string, n float64) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.buckets[key]
	if b == nil {
		if n == 0 {
			return true, 0
		}
		if len(l.buckets) >= maxBuckets {
			l.pruneLocked(now)
		}
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[key] = b
	}
	b.tokens = math.Min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.rate)
	b.at = now
	if b.tokens >= 1 {
		b.tokens -= n
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

func (l *limiter) pruneLocked(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.at).Seconds()*l.rate >= l.burst {
			delete(l.buckets, k)
		}
	}
}
