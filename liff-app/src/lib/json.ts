/** A response's body as JSON; undefined when it is empty or not JSON (the caller decides what that means). */
export async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
