import { ForgotPasswordPage } from '../../_components/forgot-password-page';

export const dynamic = 'force-dynamic';

export default function ProductForgotPassword() {
  return <ForgotPasswordPage realm="product" />;
}
