package org.isg.warehouse.orchestration.airflow;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * How the client authenticates: a user name and password exchanged for a token at
 * {@code POST /auth/token} (renewed when it expires), or a token issued elsewhere. Never printed.
 */
public sealed interface AirflowCredentials
{
    String USERNAME_VARIABLE = "ISG_AIRFLOW_USERNAME";
    String PASSWORD_VARIABLE = "ISG_AIRFLOW_PASSWORD";
    String TOKEN_VARIABLE = "ISG_AIRFLOW_TOKEN";

    record Password(String username, String password)
            implements AirflowCredentials
    {
        public Password
        {
            requireNonNull(username, "username is null");
            requireNonNull(password, "password is null");
        }

        @Override
        public String toString()
        {
            return "Password[username=" + username + "]";
        }
    }

    record Token(String accessToken)
            implements AirflowCredentials
    {
        public Token
        {
            requireNonNull(accessToken, "accessToken is null");
        }

        @Override
        public String toString()
        {
            return "Token[…]";
        }
    }

    /** None given: calls that need no token (health) still work; any other call says what to set. */
    record Missing()
            implements AirflowCredentials
    {
        public AirflowException problem()
        {
            return new AirflowException(AirflowException.Code.AUTHENTICATION_FAILED,
                    "no Airflow credentials: set %s and %s (exchanged for a token at POST /auth/token), or %s".formatted(USERNAME_VARIABLE, PASSWORD_VARIABLE, TOKEN_VARIABLE));
        }
    }

    /** {@value #TOKEN_VARIABLE}, else {@value #USERNAME_VARIABLE} and {@value #PASSWORD_VARIABLE}, else {@link Missing}. */
    static AirflowCredentials fromEnvironment(Map<String, String> environment)
    {
        String token = environment.get(TOKEN_VARIABLE);
        if (token != null && !token.isBlank()) {
            return new Token(token.strip());
        }
        String username = environment.get(USERNAME_VARIABLE);
        String password = environment.get(PASSWORD_VARIABLE);
        if (username == null || username.isBlank() || password == null) {
            return new Missing();
        }
        return new Password(username.strip(), password);
    }
}
