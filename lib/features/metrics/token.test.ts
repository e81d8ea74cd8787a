import { describe, expect, it } from "vitest";
import { metricsAccess } from "./token";

const TOKEN = "0123456789abcdef0123";

describe("metricsAccess", () => {
  it("is off without a configured token, whatever the request sends", () => {
    expect(metricsAccess(`Bearer ${TOKEN}`, undefined)).toBe("off");
    expect(metricsAccess(null, "")).toBe("off");
  });

  it("grants only the exact bearer token", () => {
    expect(metricsAccess(`Bearer ${TOKEN}`, TOKEN)).toBe("granted");
    expect(metricsAccess(`bearer ${TOKEN}`, TOKEN)).toBe("granted");
    expect(metricsAccess(null, TOKEN)).toBe("denied");
    expect(metricsAccess(`Bearer ${TOKEN}x`, TOKEN)).toBe("denied");
    expect(metricsAccess(`Basic ${TOKEN}`, TOKEN)).toBe("denied");
    expect(metricsAccess("Bearer ", TOKEN)).toBe("denied");
  });
});
