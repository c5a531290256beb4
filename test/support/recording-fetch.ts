/** A `fetch` that records every request and answers from a handler, for unit tests with no network. */
export interface Recorded {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

export function recordingFetch(handler: (request: Request) => Response | Promise<Response> = () => Response.json({})) {
  const requests: Recorded[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    requests.push({
      method: request.method,
      url: new URL(request.url),
      headers: new Headers(request.headers),
      body: await request.clone().text(),
    });
    return handler(request);
  };
  return { fetch, requests };
}
