//! The one retry loop: attempts until one is final, the deadline passes during an attempt, or
//! the wait before the next would cross it. Callers judge each attempt (what is transient, how
//! long to wait) and word the failures; the loop only keeps time.

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

/// What one attempt came to.
pub enum Attempt<T, E> {
    /// Final: a success, or a failure not worth another attempt.
    Done(T),
    /// A failure worth another attempt after `wait`.
    Retry { error: E, wait: Duration },
}

/// Why the loop stopped without a final attempt.
#[derive(Debug)]
pub enum GaveUp<E> {
    /// The deadline passed before or during attempt `attempt`; `last` is the failure of the
    /// attempt before it, if any.
    OutOfTime { attempt: u32, last: Option<E> },
    /// Attempt `attempt` failed with `error`, and waiting before the next would cross the
    /// deadline.
    NoTimeToWait { attempt: u32, error: E },
}

/// Runs `attempt(1)`, `attempt(2)`, … until one is [`Attempt::Done`] or time runs out;
/// `before_wait(error, attempt, wait)` is told of every wait (for `-v`).
pub async fn until<T, E, Fut>(
    deadline: Instant,
    mut attempt: impl FnMut(u32) -> Fut,
    mut before_wait: impl FnMut(&E, u32, Duration),
) -> Result<T, GaveUp<E>>
where
    Fut: Future<Output = Attempt<T, E>>,
{
    let mut last = None;
    let mut n: u32 = 0;
    loop {
        n = n.saturating_add(1);
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(GaveUp::OutOfTime { attempt: n, last });
        }
        let (error, wait) = match tokio::time::timeout(left, attempt(n)).await {
            Err(_) => return Err(GaveUp::OutOfTime { attempt: n, last }),
            Ok(Attempt::Done(value)) => return Ok(value),
            Ok(Attempt::Retry { error, wait }) => (error, wait),
        };
        if wait >= deadline.saturating_duration_since(Instant::now()) {
            return Err(GaveUp::NoTimeToWait { attempt: n, error });
        }
        before_wait(&error, n, wait);
        last = Some(error);
        tokio::time::sleep(wait).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block_on<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap()
            .block_on(future)
    }

    #[test]
    fn retries_until_an_attempt_is_final() {
        let mut waits = 0;
        let outcome: Result<u32, GaveUp<&str>> = block_on(until(
            Instant::now() + Duration::from_secs(5),
            |n| async move {
                if n < 3 {
                    Attempt::Retry {
                        error: "busy",
                        wait: Duration::from_millis(1),
                    }
                } else {
                    Attempt::Done(n)
                }
            },
            |_, _, _| waits += 1,
        ));
        assert_eq!(outcome.unwrap(), 3);
        assert_eq!(waits, 2);
    }

    #[test]
    fn a_wait_past_the_deadline_gives_up_at_once() {
        let outcome: Result<(), GaveUp<&str>> = block_on(until(
            Instant::now() + Duration::from_secs(5),
            |_| async {
                Attempt::Retry {
                    error: "busy",
                    wait: Duration::from_secs(60),
                }
            },
            |_, _, _| panic!("no wait may start"),
        ));
        assert!(matches!(
            outcome,
            Err(GaveUp::NoTimeToWait {
                attempt: 1,
                error: "busy"
            })
        ));
    }

    #[test]
    fn an_attempt_running_past_the_deadline_reports_the_one_before() {
        let outcome: Result<(), GaveUp<&str>> = block_on(until(
            Instant::now() + Duration::from_millis(200),
            |n| async move {
                if n == 1 {
                    Attempt::Retry {
                        error: "first",
                        wait: Duration::from_millis(1),
                    }
                } else {
                    tokio::time::sleep(Duration::from_secs(60)).await;
                    Attempt::Done(())
                }
            },
            |_, _, _| {},
        ));
        assert!(matches!(
            outcome,
            Err(GaveUp::OutOfTime {
                attempt: 2,
                last: Some("first")
            })
        ));
    }
}
