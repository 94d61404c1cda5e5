import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * Slows down token guessing: after `limit` invalid tokens from one client address within
 * `windowMs`, that address gets 429 until the window ends. In memory, per api process.
 */
export class AuthFailureLimiter {
  private readonly failures = new Map<string, { count: number; since: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  check(address: string, now = Date.now()): void {
    const entry = this.failures.get(address);
    if (!entry) return;
    if (now - entry.since >= this.windowMs) {
      this.failures.delete(address);
      return;
    }
    if (entry.count >= this.limit) {
      const seconds = Math.ceil((entry.since + this.windowMs - now) / 1000);
      throw new HttpException(`Too many invalid tokens from this address; try again in ${seconds} s`, HttpStatus.TOO_MANY_REQUESTS);
    }
  }

  fail(address: string, now = Date.now()): void {
    const entry = this.failures.get(address);
    if (!entry || now - entry.since >= this.windowMs) this.failures.set(address, { count: 1, since: now });
    else entry.count++;
    if (this.failures.size > 100_000) this.failures.delete(this.failures.keys().next().value as string);
  }
}
