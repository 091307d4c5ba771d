import liff from '@line/liff/core';
import GetIDToken from '@line/liff/get-id-token';
import GetProfile from '@line/liff/get-profile';
import IsInClient from '@line/liff/is-in-client';
import IsLoggedIn from '@line/liff/is-logged-in';
import Login from '@line/liff/login';
import Logout from '@line/liff/logout';

/**
 * The pluggable LIFF SDK with only the modules we use (LINE's recommended way to keep the
 * bundle small). Loaded on demand, never in the entry chunk.
 */
liff.use(new IsInClient());
liff.use(new IsLoggedIn());
liff.use(new Login());
liff.use(new Logout());
liff.use(new GetIDToken());
liff.use(new GetProfile());

export { liff };
