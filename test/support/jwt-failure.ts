/** The JwtError reason `work` fails with; any other outcome fails the test. */
import { JwtError, type JwtFailure } from "../../src/api/auth/jwt.js";

export async function jwtFailure(work: () => Promise<unknown>): Promise<JwtFailure> {
  try {
    await work();
  } catch (error) {
    if (error instanceof JwtError) return error.reason;
    throw error;
  }
  throw new Error("expected a JwtError");
}
