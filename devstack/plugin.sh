#!/bin/bash
#
# devstack/plugin.sh
# Cloud Service Federation: the Virtual Region Manager on a provider
# devstack (enable_service csf-vrm) and the Aggregator on a reseller
# devstack (enable_service csf-aggregator). Every phase may run again:
# what exists is kept, and services restart only when their config changed.

_XTRACE_CSF_PLUGIN=$(set +o | grep xtrace)
set -o xtrace

CSF_PLUGIN_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$CSF_PLUGIN_DIR/lib/csf"
source "$CSF_PLUGIN_DIR/lib/mellon-sp"
source "$CSF_PLUGIN_DIR/lib/virtual-region-manager"
source "$CSF_PLUGIN_DIR/lib/aggregator"

if is_service_enabled csf-vrm; then
    if [[ "$1" == "stack" && "$2" == "install" ]]; then
        echo_summary "Installing the Virtual Region Manager"
        install_vrm
    elif [[ "$1" == "stack" && "$2" == "post-config" ]]; then
        echo_summary "Configuring the Virtual Region Manager"
        configure_vrm
        configure_vrm_offered_services
        configure_mellon_sp
        create_vrm_accounts
        init_vrm
    elif [[ "$1" == "stack" && "$2" == "extra" ]]; then
        echo_summary "Starting the Virtual Region Manager"
        start_vrm
    fi
    if [[ "$1" == "unstack" ]]; then
        stop_vrm
    fi
    if [[ "$1" == "clean" ]]; then
        cleanup_vrm
        cleanup_mellon_sp
    fi
fi

if is_service_enabled csf-aggregator; then
    if [[ "$1" == "stack" && "$2" == "install" ]]; then
        echo_summary "Installing the Aggregator"
        install_aggregator
    elif [[ "$1" == "stack" && "$2" == "post-config" ]]; then
        echo_summary "Configuring the Aggregator"
        configure_aggregator
        init_aggregator
        configure_keystone_for_aggregator
        create_aggregator_accounts
        configure_dashboard
    elif [[ "$1" == "stack" && "$2" == "extra" ]]; then
        echo_summary "Starting the Aggregator"
        start_aggregator
    fi
    if [[ "$1" == "unstack" ]]; then
        stop_aggregator
    fi
    if [[ "$1" == "clean" ]]; then
        cleanup_aggregator
    fi
fi

$_XTRACE_CSF_PLUGIN
